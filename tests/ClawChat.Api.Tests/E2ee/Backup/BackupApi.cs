using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.E2ee.Backup;

/// <summary>Paths and bodies for key backup HTTP tests (spec key_backup.yaml).</summary>
internal static class BackupApi
{
    public const string Algorithm = "m.megolm_backup.v1.curve25519-aes-sha2";
    public const string VersionPath = "/_matrix/client/v3/room_keys/version";
    public const string KeysPath = "/_matrix/client/v3/room_keys/keys";

    public static string Room(string roomId, string version) => $"{KeysPath}/{MatrixTestClient.Escape(roomId)}?version={version}";

    public static string Session(string roomId, string sessionId, string version) =>
        $"{KeysPath}/{MatrixTestClient.Escape(roomId)}/{MatrixTestClient.Escape(sessionId)}?version={version}";

    public static string All(string version) => $"{KeysPath}?version={version}";

    public static string NewRoomId() => $"!{Guid.NewGuid():N}:localhost";

    public static JsonObject AuthData(string publicKey) => new()
    {
        ["public_key"] = publicKey,
        ["signatures"] = new JsonObject { ["@someone:localhost"] = new JsonObject { ["ed25519:DEV"] = "sig" } },
    };

    public static JsonObject NewVersionBody(string publicKey = "pk1") => new() { ["algorithm"] = Algorithm, ["auth_data"] = AuthData(publicKey) };

    public static async Task<string> CreateVersionAsync(this MatrixTestClient client, string publicKey = "pk1")
    {
        var response = (await client.PostAsync(VersionPath, NewVersionBody(publicKey))).AssertOk();
        return response.GetString("version") ?? throw new MatrixAssertionException($"no version: {response.Text}");
    }

    public static JsonObject KeyData(long firstMessageIndex = 0, long forwardedCount = 0, bool verified = false, string ciphertext = "c") => new()
    {
        ["first_message_index"] = firstMessageIndex,
        ["forwarded_count"] = forwardedCount,
        ["is_verified"] = verified,
        ["session_data"] = new JsonObject { ["ephemeral"] = "e", ["ciphertext"] = ciphertext, ["mac"] = "m" },
    };

    public static JsonObject Sessions(params (string SessionId, JsonObject Data)[] sessions)
    {
        var map = new JsonObject();
        foreach (var (id, data) in sessions)
        {
            map[id] = data;
        }

        return new JsonObject { ["sessions"] = map };
    }

    /// <summary>Asserts a RoomKeysUpdateResponse and returns (etag, count).</summary>
    public static (string Etag, long Count) Update(this MatrixResponse response)
    {
        response.AssertOk();
        Assert.Equal(2, response.Body.EnumerateObject().Count());
        Assert.Equal(JsonValueKind.String, response["etag"].ValueKind);
        return (response["etag"].GetString()!, response["count"].GetInt64());
    }

    /// <summary>JSON equality ignoring property order.</summary>
    public static void AssertJsonEqual(JsonNode expected, JsonElement actual) =>
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(actual.GetRawText())), $"expected {expected.ToJsonString()} but got {actual.GetRawText()}");
}
