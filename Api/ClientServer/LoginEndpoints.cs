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

/// <summary>Password login and logout (DIGEST §10.1–10.2). Login is rate-limited per client address.</summary>
public static class LoginEndpoints
{
    private const string PasswordLogin = "m.login.password";

    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/login
        endpoints.MapGet("/_matrix/client/v3/login", () =>
            MatrixResults.Json(new JsonObject { ["flows"] = new JsonArray(new JsonObject { ["type"] = PasswordLogin }) }));

        /// POST /_matrix/client/v3/login
        endpoints.MapPost("/_matrix/client/v3/login", async (HttpContext context, IGrainFactory grains, IOptions<ClawChatOptions> options, AccessTokenResolver tokens) =>
        {
            var body = await JsonBody.ReadObjectAsync(context);
            var type = body.GetRequiredString("type");
            if (type != PasswordLogin)
            {
                throw MatrixException.Unknown($"Login type '{type}' is not supported; use {PasswordLogin}.", StatusCodes.Status400BadRequest);
            }

            var user = AccountsIdentifier.ReadUser(body) ?? throw MatrixException.MissingParam("'identifier' is required.");
            var password = body.GetRequiredString("password");
            var deviceId = AccountsHttp.ReadDeviceId(body);
            var deviceName = AccountsHttp.ReadDeviceDisplayName(body, "initial_device_display_name");
            _ = body.GetOptionalBool("refresh_token"); // Type-checked only: tokens never expire, so no refresh tokens are issued (DIGEST §10.1).
            var userId = AccountsIdentifier.ResolveLocal(user, AccountsHttp.LocalServer(options.Value))
                ?? throw MatrixException.Forbidden("Invalid username or password.");

            var session = await grains.GetGrain<IUserGrain>(userId.Value)
                .LoginAsync(new LoginRequest(password, new NewDeviceRequest(deviceId, deviceName, AccountsHttp.ClientIp(context))));
            tokens.Evict(session.RevokedTokenHashes);
            return MatrixResults.Json(AccountsHttp.SessionBody(session, context, options.Value));
        }).RequireRateLimiting(AccountRateLimits.LoginPolicy);

        /// POST /_matrix/client/v3/logout
        endpoints.MapPost("/_matrix/client/v3/logout", async (HttpContext context, IGrainFactory grains, AccessTokenResolver tokens) =>
        {
            var requester = context.GetRequester();
            tokens.Evict(await grains.GetGrain<IUserGrain>(requester.UserId.Value).LogoutAsync(requester.DeviceId));
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/logout/all
        endpoints.MapPost("/_matrix/client/v3/logout/all", async (HttpContext context, IGrainFactory grains, AccessTokenResolver tokens) =>
        {
            var requester = context.GetRequester();
            tokens.Evict(await grains.GetGrain<IUserGrain>(requester.UserId.Value).LogoutAllAsync());
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }
}
