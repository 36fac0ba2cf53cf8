using System.Text.Json;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// Server-side key backup (DIGEST §12.7, spec key_backup.yaml): versions (increasing integers as strings, the newest
/// live one current; 404 <c>M_NOT_FOUND</c> exactly when there is none) and the client-encrypted Megolm session keys
/// stored in them. The server never decrypts <c>session_data</c>; it keeps the better key per session and answers
/// every key write or delete with the version's <c>{etag, count}</c>. This file: routes and responses; request
/// parsing and limits are in <c>RoomKeysEndpoints.Requests.cs</c>.
/// </summary>
public static partial class RoomKeysEndpoints
{
    private const string Prefix = "/_matrix/client/v3/room_keys";

    public static IEndpointRouteBuilder MapRoomKeysEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/room_keys/version
        endpoints.MapPost(Prefix + "/version", async (HttpContext context, IGrainFactory grains) =>
        {
            var (algorithm, authData) = ReadVersionBody(await JsonBody.ReadObjectAsync(context), out _);
            var created = await Backup(context, grains).CreateVersionAsync(algorithm, authData);
            if (created.Status != KeyBackupStatus.Ok)
            {
                throw ToError(created.Status);
            }

            return RoomHttp.Json(w => w.WriteString("version", created.Version));
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/room_keys/version
        endpoints.MapGet(Prefix + "/version", (HttpContext context, IGrainFactory grains) =>
            GetVersionAsync(context, grains, null)).RequireAccessToken();

        /// GET /_matrix/client/v3/room_keys/version/{version}
        endpoints.MapGet(Prefix + "/version/{version}", (HttpContext context, IGrainFactory grains, string version) =>
            GetVersionAsync(context, grains, version)).RequireAccessToken();

        /// PUT /_matrix/client/v3/room_keys/version/{version}
        endpoints.MapPut(Prefix + "/version/{version}", async (HttpContext context, IGrainFactory grains, string version) =>
        {
            var (algorithm, authData) = ReadVersionBody(await JsonBody.ReadObjectAsync(context), out var bodyVersion);
            if (bodyVersion is not null && !string.Equals(bodyVersion, version, StringComparison.Ordinal))
            {
                throw MatrixException.InvalidParam("'version' in the body does not match the version in the path.");
            }

            var status = await Backup(context, grains).UpdateVersionAsync(version, algorithm, authData);
            return status == KeyBackupStatus.Ok ? MatrixResults.Empty : throw ToError(status);
        }).RequireAccessToken();

        /// DELETE /_matrix/client/v3/room_keys/version/{version}
        endpoints.MapDelete(Prefix + "/version/{version}", async (HttpContext context, IGrainFactory grains, string version) =>
        {
            var status = await Backup(context, grains).DeleteVersionAsync(version);
            return status == KeyBackupStatus.Ok ? MatrixResults.Empty : throw ToError(status);
        }).RequireAccessToken();

        /// PUT /_matrix/client/v3/room_keys/keys
        endpoints.MapPut(Prefix + "/keys", async (HttpContext context, IGrainFactory grains) =>
            await PutKeysAsync(context, grains, ReadAllRooms(await JsonBody.ReadObjectAsync(context)))).RequireAccessToken();

        /// PUT /_matrix/client/v3/room_keys/keys/{roomId}
        endpoints.MapPut(Prefix + "/keys/{roomId}", async (HttpContext context, IGrainFactory grains, string roomId) =>
            await PutKeysAsync(context, grains, ReadOneRoom(RoomHttp.ParseRoomId(roomId), await JsonBody.ReadObjectAsync(context)))).RequireAccessToken();

        /// PUT /_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}
        endpoints.MapPut(Prefix + "/keys/{roomId}/{sessionId}", async (HttpContext context, IGrainFactory grains, string roomId, string sessionId) =>
            await PutKeysAsync(context, grains, ReadOneSession(RoomHttp.ParseRoomId(roomId), ParseSessionId(sessionId), await JsonBody.ReadObjectAsync(context)))).RequireAccessToken();

        /// GET /_matrix/client/v3/room_keys/keys
        endpoints.MapGet(Prefix + "/keys", async (HttpContext context, IGrainFactory grains) =>
        {
            var keys = await ReadKeysAsync(context, grains, null, null);
            return RoomHttp.Json(w =>
            {
                w.WriteStartObject("rooms");
                foreach (var (roomId, sessions) in keys.Rooms)
                {
                    w.WriteStartObject(roomId);
                    WriteSessions(w, sessions);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            });
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/room_keys/keys/{roomId}
        endpoints.MapGet(Prefix + "/keys/{roomId}", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var room = RoomHttp.ParseRoomId(roomId);
            var keys = await ReadKeysAsync(context, grains, room, null);

            // Spec: a room without keys is {"sessions": {}}, not 404 (Synapse does the same).
            return RoomHttp.Json(w => WriteSessions(w, keys.Rooms.GetValueOrDefault(room) ?? new Dictionary<string, BackedUpRoomKey>()));
        }).RequireAccessToken();

        /// GET /_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}
        endpoints.MapGet(Prefix + "/keys/{roomId}/{sessionId}", async (HttpContext context, IGrainFactory grains, string roomId, string sessionId) =>
        {
            var room = RoomHttp.ParseRoomId(roomId);
            var session = ParseSessionId(sessionId);
            var keys = await ReadKeysAsync(context, grains, room, session);
            var key = keys.Rooms[room][session];
            return RoomHttp.Json(w => WriteKeyFields(w, key));
        }).RequireAccessToken();

        /// DELETE /_matrix/client/v3/room_keys/keys
        endpoints.MapDelete(Prefix + "/keys", (HttpContext context, IGrainFactory grains) =>
            DeleteKeysAsync(context, grains, null, null)).RequireAccessToken();

        /// DELETE /_matrix/client/v3/room_keys/keys/{roomId}
        endpoints.MapDelete(Prefix + "/keys/{roomId}", (HttpContext context, IGrainFactory grains, string roomId) =>
            DeleteKeysAsync(context, grains, RoomHttp.ParseRoomId(roomId), null)).RequireAccessToken();

        /// DELETE /_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}
        endpoints.MapDelete(Prefix + "/keys/{roomId}/{sessionId}", (HttpContext context, IGrainFactory grains, string roomId, string sessionId) =>
            DeleteKeysAsync(context, grains, RoomHttp.ParseRoomId(roomId), ParseSessionId(sessionId))).RequireAccessToken();

        return endpoints;
    }

    private static IKeyBackupGrain Backup(HttpContext context, IGrainFactory grains) =>
        grains.GetGrain<IKeyBackupGrain>(context.GetRequester().UserId.Value);

    private static async Task<IResult> GetVersionAsync(HttpContext context, IGrainFactory grains, string? version)
    {
        var info = await Backup(context, grains).GetVersionAsync(version)
            ?? throw (version is null ? MatrixException.NotFound("No current backup version.") : ToError(KeyBackupStatus.UnknownVersion));
        return RoomHttp.Json(w =>
        {
            w.WriteString("algorithm", info.Algorithm);
            w.WritePropertyName("auth_data");
            info.AuthData.WriteTo(w);
            w.WriteNumber("count", info.Count);
            w.WriteString("etag", info.Etag);
            w.WriteString("version", info.Version);
        });
    }

    private static async Task<IResult> PutKeysAsync(HttpContext context, IGrainFactory grains, IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> rooms)
    {
        var result = await Backup(context, grains).PutKeysAsync(RequireVersionQuery(context), rooms);
        return WriteResult(result);
    }

    private static async Task<KeyBackupReadResult> ReadKeysAsync(HttpContext context, IGrainFactory grains, string? roomId, string? sessionId)
    {
        var result = await Backup(context, grains).GetKeysAsync(RequireVersionQuery(context), roomId, sessionId);
        return result.Status == KeyBackupStatus.Ok ? result : throw ToError(result.Status);
    }

    private static async Task<IResult> DeleteKeysAsync(HttpContext context, IGrainFactory grains, string? roomId, string? sessionId)
    {
        var result = await Backup(context, grains).DeleteKeysAsync(RequireVersionQuery(context), roomId, sessionId);
        return WriteResult(result);
    }

    /// <summary>The <c>{etag, count}</c> of a key write or delete (spec RoomKeysUpdateResponse), or its error.</summary>
    private static IResult WriteResult(KeyBackupWriteResult result)
    {
        if (result.Status != KeyBackupStatus.Ok)
        {
            throw ToError(result.Status, result.CurrentVersion);
        }

        return RoomHttp.Json(w =>
        {
            w.WriteString("etag", result.Etag);
            w.WriteNumber("count", result.Count);
        });
    }

    private static void WriteSessions(Utf8JsonWriter writer, IReadOnlyDictionary<string, BackedUpRoomKey> sessions)
    {
        writer.WriteStartObject("sessions");
        foreach (var (sessionId, key) in sessions)
        {
            writer.WriteStartObject(sessionId);
            WriteKeyFields(writer, key);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>A <c>KeyBackupData</c> object's fields; <c>session_data</c> goes out exactly as it was stored.</summary>
    private static void WriteKeyFields(Utf8JsonWriter writer, BackedUpRoomKey key)
    {
        writer.WriteNumber("first_message_index", key.FirstMessageIndex);
        writer.WriteNumber("forwarded_count", key.ForwardedCount);
        writer.WriteBoolean("is_verified", key.IsVerified);
        writer.WritePropertyName("session_data");
        writer.WriteRawValue(key.SessionData, skipInputValidation: true);
    }

    private static MatrixException ToError(KeyBackupStatus status, string? currentVersion = null) => status switch
    {
        KeyBackupStatus.UnknownVersion => MatrixException.NotFound("Unknown backup version."),
        KeyBackupStatus.KeyNotFound => MatrixException.NotFound("No key is backed up for this session."),
        KeyBackupStatus.WrongVersion => MatrixException.WrongRoomKeysVersion(currentVersion ?? string.Empty, "Keys can only be written to the current backup version."),
        KeyBackupStatus.AlgorithmMismatch => MatrixException.InvalidParam("Algorithm does not match the backup's algorithm."),
        KeyBackupStatus.TooManyKeys => MatrixException.InvalidParam(
            $"A backup version holds at most {KeyBackupLimits.MaxKeysPerVersion} keys; delete keys or start a new backup version."),
        KeyBackupStatus.TooManyVersions => MatrixException.InvalidParam(
            $"At most {KeyBackupLimits.MaxVersions} backup versions may exist; delete old versions first."),
        _ => MatrixException.Unknown($"Unexpected key backup outcome {status}."),
    };
}
