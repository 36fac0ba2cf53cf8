using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Runtime;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Grains.Tests.Accounts;

/// <summary>A started single silo over in-memory storage hosting the real grains, with a clock tests can move.</summary>
internal sealed class AccountsTestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public AccountsTestSilo(IGrainStorage? storage = null)
    {
        Storage = storage ?? new InMemoryGrainStorage();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Storage);
        services.AddSingleton<TimeProvider>(Clock);
        _services = services.BuildServiceProvider();
        Silo = new GrainSilo(new ClawChat.Runtime.Hosting.GrainRuntimeOptions(), _services, [GrainsAssembly.Assembly]);
        Silo.StartAsync().GetAwaiter().GetResult();
    }

    public GrainSilo Silo { get; }

    public IGrainFactory Grains => Silo.Runtime;

    public IGrainStorage Storage { get; }

    public ManualClock Clock { get; } = new();

    public static string NewUserId() => $"@user-{Guid.NewGuid():N}:test.local";

    public IUserGrain User(string userId) => Grains.GetGrain<IUserGrain>(userId);

    /// <summary>Creates a user with a password and returns a logged-in session.</summary>
    public async Task<NewSession> CreateWithSessionAsync(string userId, string password, string? deviceId = null)
    {
        var result = await User(userId).CreateAsync(new CreateAccountRequest(password, Admin: false, DisplayName: null, new NewDeviceRequest(deviceId, "Test device", "127.0.0.1")));
        Assert.True(result.Created);
        return result.Session!;
    }

    /// <summary>Whether the token is accepted end to end, as the gateway checks it (index, then user grain).</summary>
    public async Task<bool> IsValidAsync(string accessToken)
    {
        var hash = AccessTokens.Hash(accessToken);
        var owner = await Grains.GetGrain<IAccessTokenGrain>(hash).GetOwnerAsync();
        return owner is not null && await User(owner.UserId).AuthenticateAsync(owner.DeviceId, hash, null);
    }

    public async ValueTask DisposeAsync()
    {
        await Silo.StopAsync();
        await _services.DisposeAsync();
    }
}
