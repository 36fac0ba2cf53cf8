using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// Synapse-compatible shared-secret registration (Synapse admin API "Shared-Secret Registration"), so
/// <c>register_new_matrix_user</c> and existing provisioning scripts work unchanged: GET hands out a
/// single-use nonce valid for <see cref="NonceLifetimeMs"/>; POST carries
/// <c>mac = hex(HMAC-SHA1(secret, nonce \0 username \0 password \0 admin|notadmin))</c>.
/// </summary>
public static class SynapseAdminEndpoints
{
    /// <summary>Synapse's nonce lifetime.</summary>
    public const long NonceLifetimeMs = 60_000;

    private const int MaxNonceLength = 128;

    public static IEndpointRouteBuilder MapSynapseAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_synapse/admin/v1/register
        endpoints.MapGet("/_synapse/admin/v1/register", async (IGrainFactory grains, IOptions<RegistrationOptions> registration) =>
        {
            RequireSharedSecret(registration.Value);
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            await grains.GetGrain<IRegistrationNonceGrain>(nonce).IssueAsync(NonceLifetimeMs);
            return MatrixResults.Json(new JsonObject { ["nonce"] = nonce });
        });

        /// POST /_synapse/admin/v1/register
        endpoints.MapPost("/_synapse/admin/v1/register", async (
            HttpContext context,
            IGrainFactory grains,
            IOptions<ClawChatOptions> options,
            IOptions<RegistrationOptions> registration) =>
        {
            var secret = RequireSharedSecret(registration.Value);
            var body = await JsonBody.ReadObjectAsync(context);
            var nonce = body.GetRequiredString("nonce");
            var username = body.GetRequiredString("username");
            var password = body.GetRequiredString("password");
            var admin = body.GetOptionalBool("admin") ?? false;
            var displayName = body.GetOptionalString("displayname");
            var mac = body.GetRequiredString("mac");
            _ = body.GetOptionalString("user_type");

            if (nonce.Length > MaxNonceLength || !await grains.GetGrain<IRegistrationNonceGrain>(nonce).RedeemAsync())
            {
                throw MatrixException.Unknown("Unrecognised nonce.", StatusCodes.Status400BadRequest);
            }

            if (!MacMatches(secret, nonce, username, password, admin, mac))
            {
                throw MatrixException.Forbidden("HMAC incorrect.");
            }

            var userId = AccountsHttp.NewLocalUserId(username, AccountsHttp.LocalServer(options.Value));
            AccountsHttp.ValidateNewPassword(password, registration.Value, "password");
            if (displayName is { Length: > AccountsHttp.MaxDisplayNameLength })
            {
                throw MatrixException.InvalidParam($"'displayname' is longer than {AccountsHttp.MaxDisplayNameLength} characters.");
            }

            var result = await grains.GetGrain<IUserGrain>(userId.Value).CreateAsync(new CreateAccountRequest(
                password, admin, displayName is { Length: > 0 } ? displayName : null, new NewDeviceRequest(null, null, AccountsHttp.ClientIp(context))));
            if (result is not { Created: true, Session: { } session })
            {
                throw MatrixException.UserInUse();
            }

            return MatrixResults.Json(new JsonObject
            {
                ["access_token"] = session.AccessToken,
                ["user_id"] = session.UserId,
                ["home_server"] = options.Value.ServerName,
                ["device_id"] = session.DeviceId,
            });
        });

        return endpoints;
    }

    private static string RequireSharedSecret(RegistrationOptions options) =>
        options.SharedSecret is { Length: > 0 } secret
            ? secret
            : throw MatrixException.Unknown("Shared secret registration is not enabled", StatusCodes.Status400BadRequest);

    /// <summary>Constant-time comparison of the client's hex MAC with the expected one.</summary>
    internal static bool MacMatches(string secret, string nonce, string username, string password, bool admin, string macHex)
    {
        var message = string.Join('\0', nonce, username, password, admin ? "admin" : "notadmin");
#pragma warning disable CA5350 // HMAC-SHA1 is what Synapse's protocol defines; HMAC does not rely on SHA-1's collision resistance.
        var expected = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message));
#pragma warning restore CA5350
        byte[] given;
        try
        {
            given = Convert.FromHexString(macHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
