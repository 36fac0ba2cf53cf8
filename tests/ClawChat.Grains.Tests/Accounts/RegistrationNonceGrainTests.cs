using ClawChat.Grains.Interfaces.Accounts;

namespace ClawChat.Grains.Tests.Accounts;

public sealed class RegistrationNonceGrainTests : IAsyncLifetime
{
    private readonly AccountsTestSilo _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Redeem_SucceedsOnce_ForAnIssuedNonce()
    {
        var nonce = _silo.Grains.GetGrain<IRegistrationNonceGrain>(Guid.NewGuid().ToString("N"));
        await nonce.IssueAsync(60_000);

        Assert.True(await nonce.RedeemAsync());
        Assert.False(await nonce.RedeemAsync());
    }

    [Fact]
    public async Task Redeem_Fails_ForANonceNeverIssued()
    {
        Assert.False(await _silo.Grains.GetGrain<IRegistrationNonceGrain>(Guid.NewGuid().ToString("N")).RedeemAsync());
    }

    [Fact]
    public async Task Redeem_Fails_AfterTheNonceExpired()
    {
        var nonce = _silo.Grains.GetGrain<IRegistrationNonceGrain>(Guid.NewGuid().ToString("N"));
        await nonce.IssueAsync(60_000);

        _silo.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.False(await nonce.RedeemAsync());
    }
}
