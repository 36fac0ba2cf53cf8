using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

public sealed class SignatureUploadTests : IAsyncLifetime
{
    private const string Device = "DEVICEA";
    private readonly KeysTestSilo _silo = new();
    private readonly string _alice = KeysTestSilo.NewUserId("alice");
    private readonly string _bob = KeysTestSilo.NewUserId("bob");
    private readonly string _eve = KeysTestSilo.NewUserId("eve");
    private readonly TestSigningKey _deviceKey = new();
    private readonly (TestSigningKey Master, TestSigningKey SelfSigning, TestSigningKey UserSigning) _aliceKeys = (new(), new(), new());
    private readonly (TestSigningKey Master, TestSigningKey SelfSigning, TestSigningKey UserSigning) _bobKeys = (new(), new(), new());

    public async Task InitializeAsync()
    {
        await _silo.Keys(_alice).UploadAsync(new KeysUpload(Device, TestKeys.Element(TestKeys.DeviceKeys(_alice, Device, _deviceKey)), null, null));
        await SetUpCrossSigningAsync(_alice, _aliceKeys);
        await SetUpCrossSigningAsync(_bob, _bobKeys);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task OwnDeviceSignedBySelfSigningKey_IsStored_AndVisibleToEveryone()
    {
        var signed = await StoredDeviceKeysAsync();
        _aliceKeys.SelfSigning.SignJson(signed, _alice, "ed25519:" + _aliceKeys.SelfSigning.PublicKey);

        var failures = await _silo.Keys(_alice).UploadSignaturesAsync(_alice, null, Objects((Device, signed)));

        Assert.Empty(failures);
        var seenByEve = (await _silo.Keys(_alice).QueryAsync(_eve, null)).DeviceKeys[Device];
        var signatures = seenByEve.GetProperty("signatures").GetProperty(_alice);
        Assert.True(signatures.TryGetProperty("ed25519:" + Device, out _));
        Assert.Equal(signed["signatures"]![_alice]!["ed25519:" + _aliceKeys.SelfSigning.PublicKey]!.GetValue<string>(),
            signatures.GetProperty("ed25519:" + _aliceKeys.SelfSigning.PublicKey).GetString());
    }

    [Fact]
    public async Task OwnMasterKeySignedByADevice_IsStored_AndVisibleToEveryone()
    {
        var master = (await _silo.Keys(_alice).GetCrossSigningKeysAsync()).MasterKey!.Value;
        var signed = _deviceKey.SignJson(JsonNode.Parse(master.GetRawText())!.AsObject(), _alice, "ed25519:" + Device);

        var failures = await _silo.Keys(_alice).UploadSignaturesAsync(_alice, null, Objects((_aliceKeys.Master.PublicKey, signed)));

        Assert.Empty(failures);
        var seenByEve = (await _silo.Keys(_alice).QueryAsync(_eve, null)).MasterKey!.Value;
        Assert.True(seenByEve.GetProperty("signatures").GetProperty(_alice).TryGetProperty("ed25519:" + Device, out _));
    }

    [Fact]
    public async Task AnotherUsersMasterKeySignedByMyUserSigningKey_IsVisibleOnlyToMe()
    {
        var bobMaster = (await _silo.Keys(_bob).GetCrossSigningKeysAsync()).MasterKey!.Value;
        var signed = _aliceKeys.UserSigning.SignJson(JsonNode.Parse(bobMaster.GetRawText())!.AsObject(), _alice, "ed25519:" + _aliceKeys.UserSigning.PublicKey);
        var aliceUserSigningKey = (await _silo.Keys(_alice).GetCrossSigningKeysAsync()).UserSigningKey;

        var failures = await _silo.Keys(_bob).UploadSignaturesAsync(_alice, aliceUserSigningKey, Objects((_bobKeys.Master.PublicKey, signed)));

        Assert.Empty(failures);
        Assert.True(SignaturesOf((await _silo.Keys(_bob).QueryAsync(_alice, null)).MasterKey!.Value).ContainsKey(_alice));
        Assert.False(SignaturesOf((await _silo.Keys(_bob).QueryAsync(_bob, null)).MasterKey!.Value).ContainsKey(_alice));
        Assert.False(SignaturesOf((await _silo.Keys(_bob).QueryAsync(_eve, null)).MasterKey!.Value).ContainsKey(_alice));
    }

    [Fact]
    public async Task ABadSignature_IsAFailure_AndNothingIsStored()
    {
        var signed = await StoredDeviceKeysAsync();
        new TestSigningKey().SignJson(signed, _alice, "ed25519:" + _aliceKeys.SelfSigning.PublicKey);

        var failures = await _silo.Keys(_alice).UploadSignaturesAsync(_alice, null, Objects((Device, signed)));

        Assert.Equal(MatrixErrorCode.InvalidSignature, failures[Device].ErrCode);
        var stored = (await _silo.Keys(_alice).QueryAsync(_alice, null)).DeviceKeys[Device];
        Assert.False(stored.GetProperty("signatures").GetProperty(_alice).TryGetProperty("ed25519:" + _aliceKeys.SelfSigning.PublicKey, out _));
    }

    [Fact]
    public async Task AnObjectThatDiffersFromTheStoredKey_IsAFailure()
    {
        var signed = await StoredDeviceKeysAsync();
        signed["algorithms"] = new JsonArray("evil");
        _aliceKeys.SelfSigning.SignJson(signed, _alice, "ed25519:" + _aliceKeys.SelfSigning.PublicKey);

        var failures = await _silo.Keys(_alice).UploadSignaturesAsync(_alice, null, Objects((Device, signed)));

        Assert.Equal(MatrixErrorCode.InvalidSignature, failures[Device].ErrCode);
    }

    [Fact]
    public async Task ASignatureByAKeyThatMayNotSign_IsAFailure()
    {
        var bobMaster = (await _silo.Keys(_bob).GetCrossSigningKeysAsync()).MasterKey!.Value;
        var signed = _aliceKeys.SelfSigning.SignJson(JsonNode.Parse(bobMaster.GetRawText())!.AsObject(), _alice, "ed25519:" + _aliceKeys.SelfSigning.PublicKey);
        var aliceUserSigningKey = (await _silo.Keys(_alice).GetCrossSigningKeysAsync()).UserSigningKey;

        var failures = await _silo.Keys(_bob).UploadSignaturesAsync(_alice, aliceUserSigningKey, Objects((_bobKeys.Master.PublicKey, signed)));

        Assert.Equal(MatrixErrorCode.InvalidSignature, failures[_bobKeys.Master.PublicKey].ErrCode);
    }

    [Fact]
    public async Task UnknownKeys_AreNotFoundFailures_WhileOthersInTheRequestAreStored()
    {
        var signed = await StoredDeviceKeysAsync();
        _aliceKeys.SelfSigning.SignJson(signed, _alice, "ed25519:" + _aliceKeys.SelfSigning.PublicKey);

        var failures = await _silo.Keys(_alice).UploadSignaturesAsync(_alice, null, Objects((Device, signed), ("NOSUCHDEVICE", new JsonObject())));

        Assert.Equal(MatrixErrorCode.NotFound, Assert.Single(failures).Value.ErrCode);
        Assert.True((await _silo.Keys(_alice).QueryAsync(_eve, null)).DeviceKeys[Device]
            .GetProperty("signatures").GetProperty(_alice).TryGetProperty("ed25519:" + _aliceKeys.SelfSigning.PublicKey, out _));
    }

    private async Task SetUpCrossSigningAsync(string user, (TestSigningKey Master, TestSigningKey SelfSigning, TestSigningKey UserSigning) keys)
    {
        var outcome = await _silo.Keys(user).UploadCrossSigningKeysAsync(
            new CrossSigningKeys(
                TestKeys.Element(TestKeys.CrossSigningKey(user, "master", keys.Master)),
                TestKeys.Element(TestKeys.CrossSigningKey(user, "self_signing", keys.SelfSigning, keys.Master)),
                TestKeys.Element(TestKeys.CrossSigningKey(user, "user_signing", keys.UserSigning, keys.Master))),
            [Device],
            authenticated: false);
        Assert.Equal(CrossSigningUploadOutcome.Stored, outcome);
    }

    private async Task<JsonObject> StoredDeviceKeysAsync() =>
        JsonNode.Parse((await _silo.Keys(_alice).QueryAsync(_alice, [Device])).DeviceKeys[Device].GetRawText())!.AsObject();

    private static Dictionary<string, JsonElement> Objects(params (string KeyId, JsonObject Value)[] objects) =>
        objects.ToDictionary(o => o.KeyId, o => TestKeys.Element(o.Value), StringComparer.Ordinal);

    private static Dictionary<string, JsonElement> SignaturesOf(JsonElement key) =>
        key.TryGetProperty("signatures", out var signatures)
            ? signatures.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];
}
