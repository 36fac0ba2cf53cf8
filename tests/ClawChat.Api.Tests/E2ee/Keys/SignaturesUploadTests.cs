using System.Text.Json.Nodes;
using ClawChat.Testing;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Api.Tests.E2ee.Keys;

public sealed class SignaturesUploadTests(KeysSiloFixture fixture) : IClassFixture<KeysSiloFixture>
{
    [Fact]
    public async Task SigningMyDeviceWithMySelfSigningKey_IsVisibleToOthers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        await KeysApi.UploadDeviceKeysAsync(alice);
        var keys = await SetUpCrossSigningAsync(alice);
        var device = await StoredDeviceKeysAsync(alice);
        var sskKeyId = "ed25519:" + keys.SelfSigning.PublicKey;
        keys.SelfSigning.SignJson(device, alice.UserId, sskKeyId);

        var response = (await alice.PostAsync(KeysApi.SignaturesUpload, new JsonObject
        {
            [alice.UserId] = new JsonObject { [alice.DeviceId] = device },
        })).AssertOk();

        Assert.Equal("""{"failures":{}}""", response.Text);
        var seenByBob = (await bob.PostAsync(KeysApi.Query, KeysApi.QueryBody(alice.UserId))).AssertOk();
        Assert.Equal(
            device["signatures"]![alice.UserId]![sskKeyId]!.GetValue<string>(),
            seenByBob["device_keys"].Path(alice.UserId, alice.DeviceId, "signatures", alice.UserId, sskKeyId).GetString());
    }

    [Fact]
    public async Task SigningAnotherUsersMasterKey_IsVisibleOnlyToTheSigner()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var carol = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var aliceKeys = await SetUpCrossSigningAsync(alice);
        var bobKeys = await SetUpCrossSigningAsync(bob);
        var bobMaster = JsonNode.Parse((await alice.PostAsync(KeysApi.Query, KeysApi.QueryBody(bob.UserId))).AssertOk()["master_keys"]
            .GetProperty(bob.UserId).GetRawText())!.AsObject();
        aliceKeys.UserSigning.SignJson(bobMaster, alice.UserId, "ed25519:" + aliceKeys.UserSigning.PublicKey);

        var response = (await alice.PostAsync(KeysApi.SignaturesUpload, new JsonObject
        {
            [bob.UserId] = new JsonObject { [bobKeys.Master.PublicKey] = bobMaster },
        })).AssertOk();

        Assert.Empty(response["failures"].EnumerateObject());
        Assert.True(await SeesSignatureAsync(alice, bob.UserId, alice.UserId));
        Assert.False(await SeesSignatureAsync(bob, bob.UserId, alice.UserId));
        Assert.False(await SeesSignatureAsync(carol, bob.UserId, alice.UserId));
    }

    [Fact]
    public async Task BadSignaturesAndRemoteUsers_AreReportedInFailures()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        await KeysApi.UploadDeviceKeysAsync(alice);
        var keys = await SetUpCrossSigningAsync(alice);
        var device = await StoredDeviceKeysAsync(alice);
        new TestSigningKey().SignJson(device, alice.UserId, "ed25519:" + keys.SelfSigning.PublicKey);

        var response = (await alice.PostAsync(KeysApi.SignaturesUpload, new JsonObject
        {
            [alice.UserId] = new JsonObject { [alice.DeviceId] = device },
            ["@dave:remote.example"] = new JsonObject { ["SOMEKEY"] = new JsonObject() },
        })).AssertOk();

        var failure = response["failures"].Path(alice.UserId, alice.DeviceId);
        Assert.Equal("M_INVALID_SIGNATURE", failure.GetProperty("errcode").GetString());
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("error").GetString()));
        Assert.True(response["failures"].Has("@dave:remote.example", "SOMEKEY", "errcode"));
    }

    private static async Task<CrossSigningUploadTests.CrossSigningSet> SetUpCrossSigningAsync(MatrixTestClient client)
    {
        var keys = new CrossSigningUploadTests.CrossSigningSet(client.UserId);
        (await client.PostAsync(KeysApi.DeviceSigningUpload, keys.Body())).AssertOk();
        return keys;
    }

    private static async Task<JsonObject> StoredDeviceKeysAsync(MatrixTestClient client)
    {
        var device = (await client.PostAsync(KeysApi.Query, KeysApi.QueryBody(client.UserId))).AssertOk()["device_keys"].Path(client.UserId, client.DeviceId);
        var json = JsonNode.Parse(device.GetRawText())!.AsObject();
        json.Remove("unsigned");
        return json;
    }

    private static async Task<bool> SeesSignatureAsync(MatrixTestClient viewer, string owner, string signer)
    {
        var master = (await viewer.PostAsync(KeysApi.Query, KeysApi.QueryBody(owner))).AssertOk()["master_keys"].GetProperty(owner);
        return master.Has("signatures", signer);
    }
}
