using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

/// <summary>Which key changes reach <c>device_lists.changed</c> (DIGEST §12.5), observed in the user's own
/// device-list log (the fan-out always records the user's own change there).</summary>
public sealed class DeviceListPublishTests : IAsyncLifetime
{
    private const string Device = "DEVICEA";
    private readonly KeysTestSilo _silo = new();
    private readonly string _user = KeysTestSilo.NewUserId("frank");
    private readonly TestSigningKey _deviceKey = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task NewDeviceKeys_ArePublished_AnIdenticalReuploadIsNot()
    {
        var deviceKeys = TestKeys.Element(TestKeys.DeviceKeys(_user, Device, _deviceKey));

        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, deviceKeys, null, null));
        var afterFirst = await _silo.OwnDeviceListAsync(_user);
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, deviceKeys, null, null));

        Assert.True(afterFirst.SelfChanged);
        Assert.Equal(afterFirst.Position, (await _silo.OwnDeviceListAsync(_user)).Position);
    }

    [Fact]
    public async Task OneTimeKeysAlone_AreNotADeviceListChange()
    {
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, TestKeys.OneTimeKeys(_user, Device, _deviceKey, 3), null));

        Assert.False((await _silo.OwnDeviceListAsync(_user)).SelfChanged);
    }

    [Fact]
    public async Task CrossSigningKeys_ArePublished()
    {
        var master = new TestSigningKey();

        await _silo.Keys(_user).UploadCrossSigningKeysAsync(
            new CrossSigningKeys(TestKeys.Element(TestKeys.CrossSigningKey(_user, "master", master)), null, null), [Device], authenticated: false);

        Assert.True((await _silo.OwnDeviceListAsync(_user)).SelfChanged);
    }

    [Fact]
    public async Task RemovingADeviceWithKeys_IsPublished_RemovingOneWithoutIsNot()
    {
        await _silo.Keys(_user).RemoveDevicesAsync(["NOKEYS"]);
        Assert.False((await _silo.OwnDeviceListAsync(_user)).SelfChanged);

        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, TestKeys.OneTimeKeys(_user, Device, _deviceKey, 1), null));
        await _silo.Keys(_user).RemoveDevicesAsync([Device]);

        Assert.True((await _silo.OwnDeviceListAsync(_user)).SelfChanged);
    }

    [Fact]
    public async Task SignaturesOnAnotherUsersMasterKey_ArePublishedForBothUsers()
    {
        var signer = KeysTestSilo.NewUserId("grace");
        var (signerMaster, signerUserSigning) = (new TestSigningKey(), new TestSigningKey());
        await _silo.Keys(signer).UploadCrossSigningKeysAsync(
            new CrossSigningKeys(
                TestKeys.Element(TestKeys.CrossSigningKey(signer, "master", signerMaster)),
                null,
                TestKeys.Element(TestKeys.CrossSigningKey(signer, "user_signing", signerUserSigning, signerMaster))),
            [],
            authenticated: false);
        var master = new TestSigningKey();
        var masterKey = TestKeys.CrossSigningKey(_user, "master", master);
        await _silo.Keys(_user).UploadCrossSigningKeysAsync(new CrossSigningKeys(TestKeys.Element(masterKey), null, null), [], authenticated: false);
        var before = (await _silo.OwnDeviceListAsync(_user), await _silo.OwnDeviceListAsync(signer));

        signerUserSigning.SignJson(masterKey, signer, "ed25519:" + signerUserSigning.PublicKey);
        var failures = await _silo.Keys(_user).UploadSignaturesAsync(
            signer,
            (await _silo.Keys(signer).GetCrossSigningKeysAsync()).UserSigningKey,
            new Dictionary<string, JsonElement> { [master.PublicKey] = TestKeys.Element(masterKey) });

        Assert.Empty(failures);
        Assert.True((await _silo.OwnDeviceListAsync(_user)).Position > before.Item1.Position);
        Assert.True((await _silo.OwnDeviceListAsync(signer)).Position > before.Item2.Position);
    }
}
