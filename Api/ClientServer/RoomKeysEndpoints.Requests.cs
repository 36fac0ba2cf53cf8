using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.ClientServer;

/// <summary>Request parsing for key backup: shapes per spec key_backup.yaml (missing field M_MISSING_PARAM, wrong type
/// M_BAD_JSON, bad value M_INVALID_PARAM) and the bounds of <see cref="KeyBackupLimits"/>, all checked before any
/// grain is called so a rejected request stores nothing.</summary>
public static partial class RoomKeysEndpoints
{
    /// <summary><c>{algorithm, auth_data, version?}</c> of POST and PUT <c>/room_keys/version</c>.</summary>
    private static (string Algorithm, JsonElement AuthData) ReadVersionBody(JsonObject body, out string? version)
    {
        var algorithm = body.GetRequiredString("algorithm");
        if (algorithm.Length == 0 || algorithm.Length > KeyBackupLimits.MaxIdentifierLength)
        {
            throw MatrixException.InvalidParam($"'algorithm' must be 1 to {KeyBackupLimits.MaxIdentifierLength} characters.");
        }

        var authData = body.GetOptionalObject("auth_data") ?? throw MatrixException.MissingParam("'auth_data' is required.");
        var json = authData.ToJsonString();
        if (Encoding.UTF8.GetByteCount(json) > KeyBackupLimits.MaxAuthDataBytes)
        {
            throw MatrixException.InvalidParam($"'auth_data' must be at most {KeyBackupLimits.MaxAuthDataBytes} bytes of JSON.");
        }

        version = body.GetOptionalString("version");
        using var document = JsonDocument.Parse(json);
        return (algorithm, document.RootElement.Clone());
    }

    /// <summary><c>PUT /room_keys/keys</c>: <c>{rooms: {roomId: {sessions: {sessionId: KeyBackupData}}}}</c>.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> ReadAllRooms(JsonObject body)
    {
        var rooms = body.GetOptionalObject("rooms") ?? throw MatrixException.MissingParam("'rooms' is required.");
        var total = 0;
        foreach (var (_, room) in rooms)
        {
            total += room is JsonObject r && r["sessions"] is JsonObject s ? s.Count : 0;
        }

        CheckSessionCount(total);
        var result = new Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>>(StringComparer.Ordinal);
        foreach (var (roomId, room) in rooms)
        {
            if (!RoomId.TryParse(roomId, out _))
            {
                throw MatrixException.InvalidParam($"'{roomId}' in 'rooms' is not a valid room ID.");
            }

            var roomBody = room as JsonObject ?? throw MatrixException.BadJson($"rooms.{roomId} must be an object.");
            result[roomId] = ReadSessions(roomId, roomBody);
        }

        return result;
    }

    /// <summary><c>PUT /room_keys/keys/{roomId}</c>: <c>{sessions: {sessionId: KeyBackupData}}</c>.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> ReadOneRoom(string roomId, JsonObject body)
    {
        if (body["sessions"] is JsonObject sessions)
        {
            CheckSessionCount(sessions.Count);
        }

        return new Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>>(StringComparer.Ordinal) { [roomId] = ReadSessions(roomId, body) };
    }

    /// <summary><c>PUT /room_keys/keys/{roomId}/{sessionId}</c>: one <c>KeyBackupData</c>.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> ReadOneSession(string roomId, string sessionId, JsonObject body) =>
        new Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>>(StringComparer.Ordinal)
        {
            [roomId] = new Dictionary<string, BackedUpRoomKey>(StringComparer.Ordinal) { [sessionId] = ReadKey(body, "body") },
        };

    private static Dictionary<string, BackedUpRoomKey> ReadSessions(string roomId, JsonObject room)
    {
        var sessions = room.GetOptionalObject("sessions") ?? throw MatrixException.MissingParam($"'sessions' is required (room {roomId}).");
        var result = new Dictionary<string, BackedUpRoomKey>(sessions.Count, StringComparer.Ordinal);
        foreach (var (sessionId, data) in sessions)
        {
            CheckSessionId(sessionId);
            var key = data as JsonObject ?? throw MatrixException.BadJson($"Session {sessionId} in room {roomId} must be an object.");
            result[sessionId] = ReadKey(key, $"session {sessionId} in room {roomId}");
        }

        return result;
    }

    /// <summary>A <c>KeyBackupData</c>: all four fields are required (spec key_backup_data.yaml).</summary>
    private static BackedUpRoomKey ReadKey(JsonObject data, string where)
    {
        var firstMessageIndex = RequireCount(data, "first_message_index", where);
        var forwardedCount = RequireCount(data, "forwarded_count", where);
        var isVerified = data.GetOptionalBool("is_verified") ?? throw MatrixException.MissingParam($"'is_verified' is required ({where}).");
        var sessionData = data.GetOptionalObject("session_data") ?? throw MatrixException.MissingParam($"'session_data' is required ({where}).");
        var json = sessionData.ToJsonString();
        if (Encoding.UTF8.GetByteCount(json) > KeyBackupLimits.MaxSessionDataBytes)
        {
            throw MatrixException.InvalidParam($"'session_data' must be at most {KeyBackupLimits.MaxSessionDataBytes} bytes of JSON ({where}).");
        }

        return new BackedUpRoomKey(firstMessageIndex, forwardedCount, isVerified, json);
    }

    private static long RequireCount(JsonObject data, string name, string where)
    {
        var value = data.GetOptionalInteger(name) ?? throw MatrixException.MissingParam($"'{name}' is required ({where}).");
        return value >= 0 ? value : throw MatrixException.InvalidParam($"'{name}' must not be negative ({where}).");
    }

    private static void CheckSessionCount(int count)
    {
        if (count > KeyBackupLimits.MaxSessionsPerRequest)
        {
            throw MatrixException.InvalidParam(
                $"At most {KeyBackupLimits.MaxSessionsPerRequest} sessions may be uploaded per request (got {count}); upload in batches.");
        }
    }

    private static void CheckSessionId(string sessionId)
    {
        if (sessionId.Length == 0 || sessionId.Length > KeyBackupLimits.MaxIdentifierLength)
        {
            throw MatrixException.InvalidParam($"Session IDs must be 1 to {KeyBackupLimits.MaxIdentifierLength} characters.");
        }
    }

    /// <summary>A session ID path segment. Megolm session IDs are unpadded base64 and may contain <c>/</c>, which
    /// clients send as <c>%2F</c>; Kestrel decodes every escape in the path except that one.</summary>
    private static string ParseSessionId(string segment)
    {
        var sessionId = segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        CheckSessionId(sessionId);
        return sessionId;
    }

    /// <summary>The required <c>?version=</c> of the <c>/room_keys/keys</c> endpoints.</summary>
    private static string RequireVersionQuery(HttpContext context)
    {
        var version = context.Request.Query["version"].ToString();
        return version.Length > 0 ? version : throw MatrixException.MissingParam("The 'version' query parameter is required.");
    }
}
