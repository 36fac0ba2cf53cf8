using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.ClientServer;

/// <summary>Request parsing and response shapes shared by the account endpoints.</summary>
internal static class AccountsHttp
{
    /// <summary>Synapse's limits; they keep profile and device fields small enough for every client.</summary>
    public const int MaxDisplayNameLength = 256;
    public const int MaxDeviceDisplayNameLength = 100;
    public const int MaxAvatarUrlLength = 1000;

    public static ServerName LocalServer(ClawChatOptions options) => ServerName.Parse(options.ServerName);

    public static string? ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>The <c>base_url</c> clients should use: <c>ClawChat:PublicBaseUrl</c> when set, otherwise the
    /// scheme and host this request reached (right when no proxy rewrites them).</summary>
    public static string PublicBaseUrl(HttpContext context, ClawChatOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host.Value}";

    /// <summary><c>{"m.homeserver": {"base_url": …}}</c>, the discovery document (also sent as login's <c>well_known</c>).</summary>
    public static JsonObject WellKnown(HttpContext context, ClawChatOptions options) => new()
    {
        ["m.homeserver"] = new JsonObject { ["base_url"] = PublicBaseUrl(context, options) },
    };

    /// <summary>The body of a successful login or registration.</summary>
    public static JsonObject SessionBody(NewSession session, HttpContext context, ClawChatOptions options) => new()
    {
        ["user_id"] = session.UserId,
        ["access_token"] = session.AccessToken,
        ["device_id"] = session.DeviceId,
        ["home_server"] = options.ServerName,
        ["well_known"] = WellKnown(context, options),
    };

    /// <summary>An optional client-chosen <c>device_id</c>; a malformed one is M_INVALID_PARAM.</summary>
    public static string? ReadDeviceId(JsonObject body)
    {
        var value = body.GetOptionalString("device_id");
        if (value is null)
        {
            return null;
        }

        return DeviceId.TryParse(value, out var deviceId)
            ? deviceId.Value
            : throw MatrixException.InvalidParam("'device_id' is not a valid device ID.");
    }

    /// <summary>An optional device display name, limited in length.</summary>
    public static string? ReadDeviceDisplayName(JsonObject body, string name)
    {
        var value = body.GetOptionalString(name);
        return value is { Length: > MaxDeviceDisplayNameLength }
            ? throw MatrixException.InvalidParam($"'{name}' is longer than {MaxDeviceDisplayNameLength} characters.")
            : value;
    }

    /// <summary>Checks a new password against the policy: not empty, not longer than the configured maximum.</summary>
    public static void ValidateNewPassword(string password, RegistrationOptions options, string name)
    {
        if (password.Length == 0)
        {
            throw MatrixException.WeakPassword($"'{name}' must not be empty.");
        }

        if (password.Length > options.MaxPasswordLength)
        {
            throw MatrixException.InvalidParam($"'{name}' is longer than {options.MaxPasswordLength} characters.");
        }
    }

    /// <summary>A user id from a path segment: malformed → 400 M_INVALID_PARAM.</summary>
    public static UserId ParsePathUserId(string value) =>
        UserId.TryParse(value, out var userId) ? userId : throw MatrixException.InvalidParam($"'{value}' is not a valid user ID.");

    /// <summary>Checks a new localpart: lower-cased as Synapse does, then the registration grammar and length (M_INVALID_USERNAME).</summary>
    public static UserId NewLocalUserId(string username, ServerName server)
    {
        var localpart = username.ToLowerInvariant();
        if (!UserId.IsValidLocalpartForRegistration(localpart))
        {
            throw MatrixException.InvalidUsername("User ID can only contain the characters a-z, 0-9, '.', '_', '=', '-', '/' and '+'.");
        }

        if (!AccountsIdentifier.FitsUserIdLimit(localpart, server))
        {
            throw MatrixException.InvalidUsername("User ID is too long.");
        }

        return UserId.Create(localpart, server);
    }
}
