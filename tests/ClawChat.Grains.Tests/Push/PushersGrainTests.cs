using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;
using static ClawChat.Grains.Tests.Push.PushTestEvents;

namespace ClawChat.Grains.Tests.Push;

public sealed class PushersGrainTests : IAsyncLifetime
{
    private const string Url = "https://push.example.org/_matrix/push/v1/notify";

    private readonly PushTestSilo _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static SetPusherCommand Http(string pushkey, bool append = false, string appId = "org.example.app", string url = Url, string device = "DEV") =>
        new(device, "http", appId, pushkey, "App", "Phone", null, "en", Json($$"""{"url":"{{url}}","format":"event_id_only"}"""), append);

    [Fact]
    public async Task SettingTheSamePusherTwice_UpdatesIt()
    {
        var pushers = _silo.Factory.GetGrain<IPushersGrain>(PushTestSilo.NewUserId());

        await pushers.SetPusherAsync(Http("k"));
        await pushers.SetPusherAsync(Http("k") with { Lang = "de" });

        var stored = Assert.Single(await pushers.GetPushersAsync());
        Assert.Equal(("de", "DEV"), (stored.Lang, stored.DeviceId));
    }

    [Fact]
    public async Task WithoutAppend_ThePushkeyMovesToTheNewUser()
    {
        var first = PushTestSilo.NewUserId("first");
        var second = PushTestSilo.NewUserId("second");
        var third = PushTestSilo.NewUserId("third");
        var pushkey = Guid.NewGuid().ToString("N");
        await _silo.Factory.GetGrain<IPushersGrain>(first).SetPusherAsync(Http(pushkey));
        await _silo.Factory.GetGrain<IPushersGrain>(second).SetPusherAsync(Http(pushkey, append: true));

        await _silo.Factory.GetGrain<IPushersGrain>(third).SetPusherAsync(Http(pushkey));

        await Eventually.TrueAsync(async () => (await _silo.Factory.GetGrain<IPushersGrain>(first).GetPushersAsync()).Count == 0
            && (await _silo.Factory.GetGrain<IPushersGrain>(second).GetPushersAsync()).Count == 0, "the earlier holders' pushers to be removed");
        Assert.Single(await _silo.Factory.GetGrain<IPushersGrain>(third).GetPushersAsync());
    }

    [Fact]
    public async Task WithAppend_EveryHolderKeepsThePusher()
    {
        var first = PushTestSilo.NewUserId("first");
        var second = PushTestSilo.NewUserId("second");
        var pushkey = Guid.NewGuid().ToString("N");
        await _silo.Factory.GetGrain<IPushersGrain>(first).SetPusherAsync(Http(pushkey));

        await _silo.Factory.GetGrain<IPushersGrain>(second).SetPusherAsync(Http(pushkey, append: true));

        Assert.Single(await _silo.Factory.GetGrain<IPushersGrain>(first).GetPushersAsync());
        Assert.Single(await _silo.Factory.GetGrain<IPushersGrain>(second).GetPushersAsync());
    }

    [Fact]
    public async Task DeletingTheDevice_RemovesItsPushers()
    {
        var pushers = _silo.Factory.GetGrain<IPushersGrain>(PushTestSilo.NewUserId());
        await pushers.SetPusherAsync(Http("a", device: "PHONE"));
        await pushers.SetPusherAsync(Http("b", device: "LAPTOP"));

        Assert.Equal(1, await pushers.RemoveDevicePushersAsync("PHONE"));

        Assert.Equal("b", Assert.Single(await pushers.GetPushersAsync()).Pushkey);
    }

    [Theory]
    [InlineData("https://push.example.org/notify", MatrixErrorCode.InvalidParam)]
    [InlineData("not a url", MatrixErrorCode.InvalidParam)]
    [InlineData("ftp://push.example.org/_matrix/push/v1/notify", MatrixErrorCode.InvalidParam)]
    public async Task BadGatewayUrls_AreRejected(string url, string errcode)
    {
        var pushers = _silo.Factory.GetGrain<IPushersGrain>(PushTestSilo.NewUserId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => pushers.SetPusherAsync(Http("k", url: url)));

        Assert.Equal(errcode, error.ErrCode);
    }

    [Fact]
    public async Task LongAppIds_AreRejected()
    {
        var pushers = _silo.Factory.GetGrain<IPushersGrain>(PushTestSilo.NewUserId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => pushers.SetPusherAsync(Http("k", appId: new string('a', 65))));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Fact]
    public async Task NoPushers_NothingIsQueued()
    {
        var user = PushTestSilo.NewUserId();

        await _silo.Factory.GetGrain<IPushersGrain>(user).NotifyAsync(PushNotice.CountsOnly(3));
        await _silo.Factory.GetGrain<IPushersGrain>(user).GetPushersAsync();

        Assert.Empty(_silo.Deliveries.For(user));
    }
}
