using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

public sealed class RemoveDevicesTests : IAsyncLifetime
{
    private readonly KeysTestSilo _silo = new();
    private readonly string _user = KeysTestSilo.NewUserId("erin");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task RemoveDevices_DropsEveryKeyOfTheDevices_AndKeepsOthers()
    {
        await UploadEverythingAsync("PHONE");
        await UploadEverythingAsync("LAPTOP");

        await _silo.Keys(_user).RemoveDevicesAsync(["PHONE", "NEVERHADKEYS"]);

        var result = await _silo.Keys(_user).QueryAsync(_user, null);
        Assert.Equal(["LAPTOP"], result.DeviceKeys.Keys);
        var counts = await _silo.Keys(_user).GetKeyCountsAsync("PHONE");
        Assert.Empty(counts.OneTimeKeyCounts);
        Assert.Empty(counts.UnusedFallbackKeyTypes);
        Assert.Empty(await _silo.Keys(_user).ClaimAsync(new Dictionary<string, string> { ["PHONE"] = "signed_curve25519" }));
        Assert.Equal(2, (await _silo.Keys(_user).GetKeyCountsAsync("LAPTOP")).OneTimeKeyCounts["signed_curve25519"]);
    }

    [Fact]
    public async Task RemoveDevices_IsIdempotent_AndDurable()
    {
        await UploadEverythingAsync("PHONE");

        await _silo.Keys(_user).RemoveDevicesAsync(["PHONE"]);
        await _silo.Keys(_user).RemoveDevicesAsync(["PHONE"]);
        await _silo.RestartAsync();

        Assert.Empty((await _silo.Keys(_user).QueryAsync(_user, null)).DeviceKeys);
    }

    private async Task UploadEverythingAsync(string deviceId)
    {
        var key = new TestSigningKey();
        await _silo.Keys(_user).UploadAsync(new KeysUpload(
            deviceId,
            TestKeys.Element(TestKeys.DeviceKeys(_user, deviceId, key)),
            TestKeys.OneTimeKeys(_user, deviceId, key, 2),
            new Dictionary<string, JsonElement> { ["signed_curve25519:FB"] = TestKeys.Element(TestKeys.OneTimeKey(_user, deviceId, key, fallback: true)) }));
    }
}
