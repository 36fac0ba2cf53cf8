using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

public sealed class UserKeysUploadTests : IAsyncLifetime
{
    private const string Device = "DEVICEA";
    private readonly KeysTestSilo _silo = new();
    private readonly string _user = KeysTestSilo.NewUserId("alice");
    private readonly TestSigningKey _deviceKey = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Upload_StoresSignedDeviceKeysVerbatim()
    {
        var deviceKeys = TestKeys.DeviceKeys(_user, Device, _deviceKey);
        deviceKeys.Remove("signatures");
        deviceKeys["extra_field"] = new JsonObject { ["kept"] = true, ["a"] = 1 };
        var json = _deviceKey.SignJson(deviceKeys, _user, "ed25519:" + Device).ToJsonString();

        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, JsonSerializer.Deserialize<JsonElement>(json), null, null));

        var result = await _silo.Keys(_user).QueryAsync(_user, null);
        Assert.Equal(json, result.DeviceKeys[Device].GetRawText());
        Assert.Null(result.MasterKey);
    }

    [Fact]
    public async Task Upload_RefusesDeviceKeys_WithABadSelfSignature()
    {
        var deviceKeys = TestKeys.DeviceKeys(_user, Device, _deviceKey);
        deviceKeys["algorithms"] = new JsonArray("m.megolm.v1.aes-sha2");

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadDeviceKeysAsync(deviceKeys));

        Assert.Equal((400, MatrixErrorCode.InvalidSignature), (error.Status, error.ErrCode));
        Assert.Empty((await _silo.Keys(_user).QueryAsync(_user, null)).DeviceKeys);
    }

    [Fact]
    public async Task Upload_RefusesDeviceKeys_SignedByAnotherKey()
    {
        var deviceKeys = TestKeys.DeviceKeys(_user, Device, _deviceKey);
        deviceKeys["keys"]!["ed25519:" + Device] = new TestSigningKey().PublicKey;

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadDeviceKeysAsync(deviceKeys));

        Assert.Equal(MatrixErrorCode.InvalidSignature, error.ErrCode);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("device_id")]
    public async Task Upload_RefusesDeviceKeys_OfAnotherUserOrDevice(string field)
    {
        var deviceKeys = field == "user_id"
            ? TestKeys.DeviceKeys(KeysTestSilo.NewUserId("mallory"), Device, _deviceKey)
            : TestKeys.DeviceKeys(_user, "OTHERDEVICE", _deviceKey);

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadDeviceKeysAsync(deviceKeys));

        Assert.Equal((400, MatrixErrorCode.InvalidParam), (error.Status, error.ErrCode));
        Assert.Contains(field, error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_RefusesDeviceKeys_WithoutTheDevicesEd25519Key()
    {
        var deviceKeys = TestKeys.DeviceKeys(_user, Device, _deviceKey);
        deviceKeys["keys"]!.AsObject().Remove("ed25519:" + Device);

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadDeviceKeysAsync(deviceKeys));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Fact]
    public async Task Upload_ReturnsUnclaimedCountsPerAlgorithm()
    {
        var keys = TestKeys.OneTimeKeys(_user, Device, _deviceKey, 3);
        keys["curve25519:plain"] = JsonSerializer.SerializeToElement("unsignedkey");

        var counts = await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, keys, null));

        Assert.Equal(3, counts.OneTimeKeyCounts["signed_curve25519"]);
        Assert.Equal(1, counts.OneTimeKeyCounts["curve25519"]);
        Assert.Equal(counts.OneTimeKeyCounts, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts);
    }

    [Fact]
    public async Task Upload_IgnoresAnIdenticalOneTimeKey()
    {
        var keys = TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2);
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, keys, null));

        var counts = await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, keys, null));

        Assert.Equal(2, counts.OneTimeKeyCounts["signed_curve25519"]);
    }

    [Fact]
    public async Task Upload_RefusesAOneTimeKeyIdReusedWithOtherContent_AndStoresNothingOfThatUpload()
    {
        var keys = TestKeys.OneTimeKeys(_user, Device, _deviceKey, 1);
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, keys, null));
        var conflicting = TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2);

        var error = await Assert.ThrowsAsync<MatrixException>(() => _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, conflicting, null)));

        Assert.Equal((400, MatrixErrorCode.InvalidParam), (error.Status, error.ErrCode));
        Assert.Contains("signed_curve25519:k0000", error.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts["signed_curve25519"]);
    }

    [Fact]
    public async Task Upload_RefusesMoreOneTimeKeysThanTheLimit()
    {
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, TestKeys.OneTimeKeys(_user, Device, _deviceKey, E2eeKeyLimits.MaxOneTimeKeysPerDevice - 1), null));

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2, prefix: "more"), null)));

        Assert.Equal((400, MatrixErrorCode.InvalidParam), (error.Status, error.ErrCode));
        Assert.Contains(E2eeKeyLimits.MaxOneTimeKeysPerDevice.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Error, StringComparison.Ordinal);
        Assert.Equal(E2eeKeyLimits.MaxOneTimeKeysPerDevice - 1, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts["signed_curve25519"]);
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData(":id")]
    [InlineData("alg:")]
    public async Task Upload_RefusesMalformedKeyIds(string keyId)
    {
        var keys = new Dictionary<string, JsonElement> { [keyId] = TestKeys.Element(TestKeys.OneTimeKey(_user, Device, _deviceKey)) };

        var error = await Assert.ThrowsAsync<MatrixException>(() => _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, keys, null)));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Fact]
    public async Task Upload_FallbackKeyReplacesTheOldOne_AsUnused()
    {
        await UploadFallbackAsync("signed_curve25519:F1");
        await _silo.Keys(_user).ClaimAsync(new Dictionary<string, string> { [Device] = "signed_curve25519" });
        Assert.Empty((await _silo.Keys(_user).GetKeyCountsAsync(Device)).UnusedFallbackKeyTypes);

        await UploadFallbackAsync("signed_curve25519:F2");

        Assert.Equal(["signed_curve25519"], (await _silo.Keys(_user).GetKeyCountsAsync(Device)).UnusedFallbackKeyTypes);
        var claimed = await _silo.Keys(_user).ClaimAsync(new Dictionary<string, string> { [Device] = "signed_curve25519" });
        Assert.Equal("signed_curve25519:F2", claimed[Device].KeyId);
    }

    [Fact]
    public async Task Upload_RefusesTwoFallbackKeysOfOneAlgorithm()
    {
        var keys = new Dictionary<string, JsonElement>
        {
            ["signed_curve25519:F1"] = TestKeys.Element(TestKeys.OneTimeKey(_user, Device, _deviceKey, fallback: true)),
            ["signed_curve25519:F2"] = TestKeys.Element(TestKeys.OneTimeKey(_user, Device, _deviceKey, fallback: true)),
        };

        var error = await Assert.ThrowsAsync<MatrixException>(() => _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, null, keys)));

        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
    }

    [Fact]
    public async Task Upload_SurvivesARestart()
    {
        await UploadDeviceKeysAsync(TestKeys.DeviceKeys(_user, Device, _deviceKey));
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2), null));

        await _silo.RestartAsync();

        Assert.True((await _silo.Keys(_user).QueryAsync(_user, null)).DeviceKeys.ContainsKey(Device));
        Assert.Equal(2, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts["signed_curve25519"]);
    }

    [Fact]
    public async Task GetKeyCounts_IsEmpty_ForADeviceWithoutKeys()
    {
        var counts = await _silo.Keys(_user).GetKeyCountsAsync("NOKEYS");

        Assert.Empty(counts.OneTimeKeyCounts);
        Assert.Empty(counts.UnusedFallbackKeyTypes);
    }

    private Task UploadDeviceKeysAsync(JsonObject deviceKeys) =>
        _silo.Keys(_user).UploadAsync(new KeysUpload(Device, TestKeys.Element(deviceKeys), null, null));

    private Task UploadFallbackAsync(string keyId) => _silo.Keys(_user).UploadAsync(new KeysUpload(
        Device,
        null,
        null,
        new Dictionary<string, JsonElement> { [keyId] = TestKeys.Element(TestKeys.OneTimeKey(_user, Device, _deviceKey, fallback: true)) }));
}
