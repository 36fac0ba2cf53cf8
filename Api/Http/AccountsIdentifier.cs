using System.Text.Json.Nodes;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;

namespace ClawChat.Api.Http;

/// <summary>Reading the user a login or UIA password stage names: <c>identifier: {type: "m.id.user", user}</c>
/// or the deprecated top-level <c>user</c>; the user may be a localpart or a full user id (DIGEST §10.2).</summary>
public static class AccountsIdentifier
{
    /// <summary>The user string the object names, or null when it names none. An identifier of another type
    /// (third-party ids, which this server does not have) is M_FORBIDDEN like a wrong password would be.</summary>
    public static string? ReadUser(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.GetOptionalObject("identifier") is { } identifier)
        {
            var type = identifier.GetRequiredString("type");
            if (type != "m.id.user")
            {
                throw MatrixException.Forbidden($"Identifier type '{type}' is not supported; use m.id.user.");
            }

            return identifier.GetRequiredString("user");
        }

        return body.GetOptionalString("user");
    }

    /// <summary>The local user a login string names, or null when it is malformed or belongs to another
    /// server. Localparts are lower-cased: registration only creates lower-case ones (as Synapse does).</summary>
    public static UserId? ResolveLocal(string user, ServerName server)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.StartsWith(UserId.Sigil))
        {
            if (!UserId.TryParse(user, out var parsed) || parsed.Server != server)
            {
                return null;
            }

            user = parsed.Localpart;
        }

        var localpart = user.ToLowerInvariant();
        return UserId.IsValidLocalpartForRegistration(localpart) && FitsUserIdLimit(localpart, server)
            ? UserId.Create(localpart, server)
            : null;
    }

    /// <summary>Whether <c>@localpart:server</c> stays within the 255-byte user id limit (strict localparts are ASCII).</summary>
    public static bool FitsUserIdLimit(string localpart, ServerName server) =>
        localpart.Length + server.Value.Length + 2 <= 255;
}
