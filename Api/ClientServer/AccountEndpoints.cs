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

/// <summary>The caller's own account: whoami, password change and deactivation (the latter two behind UIA
/// with the caller's password, DIGEST §10.4).</summary>
public static class AccountEndpoints
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> PasswordFlows = [[UserInteractiveAuth.Password]];

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/account/whoami
        endpoints.MapGet("/_matrix/client/v3/account/whoami", (HttpContext context) =>
        {
            var requester = context.GetRequester();
            return MatrixResults.Json(new JsonObject
            {
                ["user_id"] = requester.UserId.Value,
                ["device_id"] = requester.DeviceId,
                ["is_guest"] = false,
            });
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/account/password
        endpoints.MapPost("/_matrix/client/v3/account/password", async (
            HttpContext context,
            IGrainFactory grains,
            IOptions<RegistrationOptions> registration,
            UserInteractiveAuth uia,
            AccessTokenResolver tokens) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var newPassword = body.GetOptionalString("new_password");
            var logoutDevices = body.GetOptionalBool("logout_devices") ?? true;
            if (await uia.AuthenticateAsync(body, "POST /account/password", requester.UserId, PasswordFlows) is { } challenge)
            {
                return challenge;
            }

            if (newPassword is null)
            {
                throw MatrixException.MissingParam("'new_password' is required.");
            }

            AccountsHttp.ValidateNewPassword(newPassword, registration.Value, "new_password");
            tokens.Evict(await grains.GetGrain<IUserGrain>(requester.UserId.Value).ChangePasswordAsync(newPassword, logoutDevices, requester.DeviceId));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/account/deactivate
        endpoints.MapPost("/_matrix/client/v3/account/deactivate", async (
            HttpContext context,
            IGrainFactory grains,
            UserInteractiveAuth uia,
            AccessTokenResolver tokens) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            _ = body.GetOptionalBool("erase");
            _ = body.GetOptionalString("id_server");
            if (await uia.AuthenticateAsync(body, "POST /account/deactivate", requester.UserId, PasswordFlows) is { } challenge)
            {
                return challenge;
            }

            tokens.Evict(await grains.GetGrain<IUserGrain>(requester.UserId.Value).DeactivateAsync());

            // No third-party ids exist on this server, so there was nothing to unbind from an identity server.
            return MatrixResults.Json(new JsonObject { ["id_server_unbind_result"] = "no-support" });
        }).RequireAccessToken();

        return endpoints;
    }
}
