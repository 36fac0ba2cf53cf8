using System.Text.Json;

namespace ClawChat.Matrix.Errors;

/// <summary>Factories with the HTTP status the spec gives each code (DIGEST §11).</summary>
public sealed partial class MatrixException
{
    public static MatrixException Forbidden(string error = "Forbidden.") => new(403, MatrixErrorCode.Forbidden, error);

    public static MatrixException NotFound(string error = "Not found.") => new(404, MatrixErrorCode.NotFound, error);

    public static MatrixException BadJson(string error) => new(400, MatrixErrorCode.BadJson, error);

    public static MatrixException NotJson(string error = "Content not JSON.") => new(400, MatrixErrorCode.NotJson, error);

    public static MatrixException MissingParam(string error) => new(400, MatrixErrorCode.MissingParam, error);

    public static MatrixException InvalidParam(string error) => new(400, MatrixErrorCode.InvalidParam, error);

    public static MatrixException MissingToken(string error = "Missing access token.") => new(401, MatrixErrorCode.MissingToken, error);

    /// <summary>401 M_UNKNOWN_TOKEN; <paramref name="softLogout"/> tells the client it may re-login keeping its device.</summary>
    public static MatrixException UnknownToken(string error = "Unknown access token.", bool softLogout = false) =>
        new(401, MatrixErrorCode.UnknownToken, error, softLogout ? Extras(("soft_logout", JsonValue(true))) : null);

    /// <summary>401 M_USER_LOCKED, always with <c>soft_logout: true</c>.</summary>
    public static MatrixException UserLocked(string error = "This account has been locked.") =>
        new(401, MatrixErrorCode.UserLocked, error, Extras(("soft_logout", JsonValue(true))));

    public static MatrixException UserSuspended(string error = "This account has been suspended.") => new(403, MatrixErrorCode.UserSuspended, error);

    public static MatrixException UserDeactivated(string error = "This account has been deactivated.") => new(403, MatrixErrorCode.UserDeactivated, error);

    /// <summary>
    /// 429 M_LIMIT_EXCEEDED with <c>retry_after_ms</c> (deprecated in the body but still read by clients;
    /// the API also sets the Retry-After header).
    /// </summary>
    public static MatrixException LimitExceeded(long? retryAfterMs = null, string error = "Too many requests.") =>
        new(429, MatrixErrorCode.LimitExceeded, error, retryAfterMs is { } ms ? Extras(("retry_after_ms", JsonValue(ms))) : null);

    /// <summary>M_UNRECOGNIZED: 404 for an unknown endpoint, 405 for a known endpoint with the wrong method.</summary>
    public static MatrixException Unrecognized(string error = "Unrecognized request.", bool methodNotAllowed = false) =>
        new(methodNotAllowed ? 405 : 404, MatrixErrorCode.Unrecognized, error);

    public static MatrixException Unknown(string error, int status = 500) => new(status, MatrixErrorCode.Unknown, error);

    public static MatrixException UserInUse(string error = "User ID already taken.") => new(400, MatrixErrorCode.UserInUse, error);

    public static MatrixException InvalidUsername(string error = "Invalid username.") => new(400, MatrixErrorCode.InvalidUsername, error);

    public static MatrixException Exclusive(string error) => new(400, MatrixErrorCode.Exclusive, error);

    public static MatrixException RoomInUse(string error = "Room alias already taken.") => new(400, MatrixErrorCode.RoomInUse, error);

    public static MatrixException InvalidRoomState(string error) => new(400, MatrixErrorCode.InvalidRoomState, error);

    public static MatrixException UnsupportedRoomVersion(string error = "Unsupported room version.") => new(400, MatrixErrorCode.UnsupportedRoomVersion, error);

    /// <summary>400 M_INCOMPATIBLE_ROOM_VERSION with the room's <c>room_version</c>.</summary>
    public static MatrixException IncompatibleRoomVersion(string roomVersion, string error = "Room version not supported.") =>
        new(400, MatrixErrorCode.IncompatibleRoomVersion, error, Extras(("room_version", JsonValue(roomVersion))));

    public static MatrixException BadState(string error) => new(400, MatrixErrorCode.BadState, error);

    public static MatrixException GuestAccessForbidden(string error = "Guest access is not allowed.") => new(403, MatrixErrorCode.GuestAccessForbidden, error);

    /// <summary>413 M_TOO_LARGE (502 is used instead for remote media too large to proxy).</summary>
    public static MatrixException TooLarge(string error = "Request too large.", int status = 413) => new(status, MatrixErrorCode.TooLarge, error);

    public static MatrixException WeakPassword(string error) => new(400, MatrixErrorCode.WeakPassword, error);

    public static MatrixException InvalidSignature(string error) => new(400, MatrixErrorCode.InvalidSignature, error);

    /// <summary>403 M_WRONG_ROOM_KEYS_VERSION with <c>current_version</c>.</summary>
    public static MatrixException WrongRoomKeysVersion(string currentVersion, string error = "Wrong backup version.") =>
        new(403, MatrixErrorCode.WrongRoomKeysVersion, error, Extras(("current_version", JsonValue(currentVersion))));

    public static MatrixException NotYetUploaded(string error = "Media has not been uploaded yet.") => new(504, MatrixErrorCode.NotYetUploaded, error);

    public static MatrixException CannotOverwriteMedia(string error = "Media already uploaded.") => new(409, MatrixErrorCode.CannotOverwriteMedia, error);

    public static MatrixException DuplicateAnnotation(string error = "Duplicate annotation.") => new(400, MatrixErrorCode.DuplicateAnnotation, error);

    public static MatrixException CannotLeaveServerNoticeRoom(string error = "You cannot leave the server notices room.") =>
        new(403, MatrixErrorCode.CannotLeaveServerNoticeRoom, error);

    /// <summary>M_RESOURCE_LIMIT_EXCEEDED MUST include <c>admin_contact</c>; the status is endpoint-specific.</summary>
    public static MatrixException ResourceLimitExceeded(string adminContact, string error = "Resource limit exceeded.", int status = 403) =>
        new(status, MatrixErrorCode.ResourceLimitExceeded, error, Extras(("admin_contact", JsonValue(adminContact))));

    public static MatrixException ThreepidNotFound(string error = "Third-party identifier not found.") => new(400, MatrixErrorCode.ThreepidNotFound, error);

    public static MatrixException ThreepidInUse(string error = "Third-party identifier already in use.") => new(400, MatrixErrorCode.ThreepidInUse, error);

    public static MatrixException ThreepidDenied(string error = "Third-party identifier not allowed.") => new(403, MatrixErrorCode.ThreepidDenied, error);

    private static Dictionary<string, JsonElement> Extras(params ReadOnlySpan<(string Key, JsonElement Value)> fields)
    {
        var extra = new Dictionary<string, JsonElement>(fields.Length, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            extra[key] = value;
        }

        return extra;
    }

    private static JsonElement JsonValue(bool value) => JsonSerializer.SerializeToElement(value);

    private static JsonElement JsonValue(long value) => JsonSerializer.SerializeToElement(value);

    private static JsonElement JsonValue(string value) => JsonSerializer.SerializeToElement(value);
}
