using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary>Open registration (DIGEST §10.3): off by default (403 M_FORBIDDEN); when
/// <c>ClawChat:Registration:Enabled</c> is on, UIA with the single flow <c>[m.login.dummy]</c>. Guests are
/// not supported. Both endpoints are rate-limited per client address.</summary>
public static class RegisterEndpoints
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> Flows = [[UserInteractiveAuth.Dummy]];

    public static IEndpointRouteBuilder MapRegisterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/register
        endpoints.MapPost("/_matrix/client/v3/register", async (
            HttpContext context,
            IGrainFactory grains,
            IOptions<ClawChatOptions> options,
            IOptions<RegistrationOptions> registration,
            UserInteractiveAuth uia) =>
        {
            var kind = context.Request.Query["kind"].ToString();
            if (kind == "guest")
            {
                throw MatrixException.Forbidden("Guest access is disabled on this server.");
            }

            if (kind is not ("" or "user"))
            {
                throw MatrixException.InvalidParam($"Unknown registration kind '{kind}'.");
            }

            RequireOpenRegistration(registration.Value);
            var body = await JsonBody.ReadObjectAsync(context);
            var username = body.GetOptionalString("username");
            var password = body.GetOptionalString("password");
            var deviceId = AccountsHttp.ReadDeviceId(body);
            var deviceName = AccountsHttp.ReadDeviceDisplayName(body, "initial_device_display_name");
            var inhibitLogin = body.GetOptionalBool("inhibit_login") ?? false;
            _ = body.GetOptionalBool("refresh_token"); // Type-checked only: tokens never expire, so no refresh tokens are issued (DIGEST §10.1).
            var server = AccountsHttp.LocalServer(options.Value);

            // The spec checks the username before UIA (so the client can fix it first) and again at the end.
            UserId? userId = null;
            if (username is not null)
            {
                userId = AccountsHttp.NewLocalUserId(username, server);
                if (await grains.GetGrain<IUserGrain>(userId.Value.Value).GetAccountAsync() is not null)
                {
                    throw MatrixException.UserInUse();
                }
            }

            if (await uia.AuthenticateAsync(body, "POST /register", null, Flows) is { } challenge)
            {
                return challenge;
            }

            if (password is null)
            {
                throw MatrixException.MissingParam("'password' is required.");
            }

            AccountsHttp.ValidateNewPassword(password, registration.Value, "password");
            var device = inhibitLogin ? null : new NewDeviceRequest(deviceId, deviceName, AccountsHttp.ClientIp(context));
            var request = new CreateAccountRequest(password, Admin: false, DisplayName: null, device);
            CreateAccountResult result;
            if (userId is { } chosen)
            {
                result = await grains.GetGrain<IUserGrain>(chosen.Value).CreateAsync(request);
                if (!result.Created)
                {
                    throw MatrixException.UserInUse();
                }
            }
            else
            {
                (userId, result) = await CreateWithGeneratedIdAsync(grains, server, request);
            }

            if (result.Session is not { } session)
            {
                return MatrixResults.Json(new JsonObject { ["user_id"] = userId.Value.Value, ["home_server"] = options.Value.ServerName });
            }

            var response = AccountsHttp.SessionBody(session, context, options.Value);
            response.Remove("well_known");
            return MatrixResults.Json(response);
        }).RequireRateLimiting(AccountRateLimits.RegisterPolicy);

        /// GET /_matrix/client/v3/register/available
        endpoints.MapGet("/_matrix/client/v3/register/available", async (
            HttpContext context,
            IGrainFactory grains,
            IOptions<ClawChatOptions> options,
            IOptions<RegistrationOptions> registration) =>
        {
            RequireOpenRegistration(registration.Value);
            var username = context.Request.Query["username"].ToString();
            if (username.Length == 0)
            {
                throw MatrixException.MissingParam("'username' is required.");
            }

            var userId = AccountsHttp.NewLocalUserId(username, AccountsHttp.LocalServer(options.Value));
            if (await grains.GetGrain<IUserGrain>(userId.Value).GetAccountAsync() is not null)
            {
                throw MatrixException.UserInUse();
            }

            return MatrixResults.Json(new JsonObject { ["available"] = true });
        }).RequireRateLimiting(AccountRateLimits.RegisterPolicy);

        return endpoints;
    }

    private static void RequireOpenRegistration(RegistrationOptions options)
    {
        if (!options.Enabled)
        {
            throw MatrixException.Forbidden("Registration is disabled on this server.");
        }
    }

    /// <summary>A registration without a username gets a random localpart (retried on the unlikely collision).</summary>
    private static async Task<(UserId, CreateAccountResult)> CreateWithGeneratedIdAsync(IGrainFactory grains, ServerName server, CreateAccountRequest request)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (var attempt = 0; ; attempt++)
        {
            var userId = UserId.Create("user-" + RandomNumberGenerator.GetString(Alphabet, 10), server);
            var result = await grains.GetGrain<IUserGrain>(userId.Value).CreateAsync(request);
            if (result.Created || attempt >= 5)
            {
                return result.Created ? (userId, result) : throw MatrixException.UserInUse("Could not generate a free user ID; choose a username.");
            }
        }
    }
}
