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

/// <summary>Display name and avatar URL (DIGEST §16). Anyone may read a local user's profile (a token is
/// used when given); only the user may change it. Unknown and remote users are 404 M_NOT_FOUND (there is
/// no federation yet). A change is sent to the user's joined rooms as updated member events.</summary>
public static class ProfileEndpoints
{
    private const string DisplayName = "displayname";
    private const string AvatarUrl = "avatar_url";

    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/profile/{userId}
        endpoints.MapGet("/_matrix/client/v3/profile/{userId}", async (IGrainFactory grains, IOptions<ClawChatOptions> options, string userId) =>
        {
            var profile = await GetProfileAsync(grains, options.Value, userId);
            var body = new JsonObject();
            AddIfSet(body, DisplayName, profile.DisplayName);
            AddIfSet(body, AvatarUrl, profile.AvatarUrl);
            return MatrixResults.Json(body);
        }).AllowAccessToken();

        /// GET /_matrix/client/v3/profile/{userId}/displayname
        endpoints.MapGet("/_matrix/client/v3/profile/{userId}/displayname", async (IGrainFactory grains, IOptions<ClawChatOptions> options, string userId) =>
        {
            var profile = await GetProfileAsync(grains, options.Value, userId);
            var body = new JsonObject();
            AddIfSet(body, DisplayName, profile.DisplayName);
            return MatrixResults.Json(body);
        }).AllowAccessToken();

        /// GET /_matrix/client/v3/profile/{userId}/avatar_url
        endpoints.MapGet("/_matrix/client/v3/profile/{userId}/avatar_url", async (IGrainFactory grains, IOptions<ClawChatOptions> options, string userId) =>
        {
            var profile = await GetProfileAsync(grains, options.Value, userId);
            var body = new JsonObject();
            AddIfSet(body, AvatarUrl, profile.AvatarUrl);
            return MatrixResults.Json(body);
        }).AllowAccessToken();

        /// PUT /_matrix/client/v3/profile/{userId}/displayname
        endpoints.MapPut("/_matrix/client/v3/profile/{userId}/displayname", async (HttpContext context, IGrainFactory grains, string userId) =>
        {
            var target = RequireSelf(context, userId);
            var body = await JsonBody.ReadObjectAsync(context);
            var value = ReadField(body, DisplayName);
            if (value is { Length: > AccountsHttp.MaxDisplayNameLength })
            {
                throw MatrixException.InvalidParam($"'{DisplayName}' is longer than {AccountsHttp.MaxDisplayNameLength} characters.");
            }

            await grains.GetGrain<IUserGrain>(target.Value).SetDisplayNameAsync(value is { Length: > 0 } ? value : null);
            await RoomHttp.PropagateProfileAsync(grains, target.Value);
            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// PUT /_matrix/client/v3/profile/{userId}/avatar_url
        endpoints.MapPut("/_matrix/client/v3/profile/{userId}/avatar_url", async (HttpContext context, IGrainFactory grains, string userId) =>
        {
            var target = RequireSelf(context, userId);
            var body = await JsonBody.ReadObjectAsync(context);
            var value = ReadField(body, AvatarUrl);
            if (value is { Length: > 0 } && (value.Length > AccountsHttp.MaxAvatarUrlLength || !MxcUri.TryParse(value, out _)))
            {
                throw MatrixException.InvalidParam($"'{AvatarUrl}' must be an mxc:// URI.");
            }

            await grains.GetGrain<IUserGrain>(target.Value).SetAvatarUrlAsync(value is { Length: > 0 } ? value : null);
            await RoomHttp.PropagateProfileAsync(grains, target.Value);
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }

    private static async Task<UserProfile> GetProfileAsync(IGrainFactory grains, ClawChatOptions options, string userId)
    {
        var target = AccountsHttp.ParsePathUserId(userId);
        if (target.Server != AccountsHttp.LocalServer(options))
        {
            throw MatrixException.NotFound("Profile not found.");
        }

        return await grains.GetGrain<IUserGrain>(target.Value).GetProfileAsync() ?? throw MatrixException.NotFound("Profile not found.");
    }

    private static UserId RequireSelf(HttpContext context, string userId)
    {
        var target = AccountsHttp.ParsePathUserId(userId);
        return target == context.GetRequester().UserId
            ? target
            : throw MatrixException.Forbidden("You may only change your own profile.");
    }

    /// <summary>The field's value; it must be present (null clears it).</summary>
    private static string? ReadField(JsonObject body, string name) =>
        body.ContainsKey(name) ? body.GetOptionalString(name) : throw MatrixException.MissingParam($"'{name}' is required.");

    private static void AddIfSet(JsonObject body, string name, string? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }
}
