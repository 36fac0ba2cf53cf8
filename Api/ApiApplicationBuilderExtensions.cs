using ClawChat.Api.ClientServer;
using ClawChat.Api.Health;
using ClawChat.Api.Http;
using ClawChat.Api.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api;

/// <summary>Puts the Matrix HTTP surface on an application: middleware order matters — CORS first
/// (so even errors carry its headers), then error translation, then routing, then access tokens (they read
/// the endpoint's metadata) and rate limits.</summary>
public static class ApiApplicationBuilderExtensions
{
    public static WebApplication UseClawChatApi(this WebApplication app)
    {
        app.UseMiddleware<CorsMiddleware>();
        app.UseMiddleware<MatrixErrorMiddleware>();
        app.UseMiddleware<LegacyClientPathMiddleware>();
        app.UseRouting();
        app.UseMiddleware<AccessTokenMiddleware>();
        app.UseRateLimiter();
        MapEndpoints(app);
        return app;
    }

    private static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthEndpoints();
        endpoints.MapVersionsEndpoints();
        endpoints.MapLoginEndpoints();
        endpoints.MapRegisterEndpoints();
        endpoints.MapSynapseAdminEndpoints();
        endpoints.MapAccountEndpoints();
        endpoints.MapDevicesEndpoints();
        endpoints.MapProfileEndpoints();
        endpoints.MapCapabilitiesEndpoints();
        endpoints.MapWellKnownEndpoints();
        endpoints.MapCreateRoomEndpoints();
        endpoints.MapMembershipEndpoints();
        endpoints.MapRoomStateEndpoints();
        endpoints.MapRoomEventsEndpoints();
        endpoints.MapMessagesEndpoints();
        endpoints.MapMembersEndpoints();
        endpoints.MapJoinedRoomsEndpoints();
        endpoints.MapDirectoryEndpoints();
        endpoints.MapPublicRoomsEndpoints();
        endpoints.MapUserDirectoryEndpoints();
        endpoints.MapRelationsEndpoints();
        endpoints.MapSpacesEndpoints();
        endpoints.MapRoomUpgradeEndpoints();
        endpoints.MapSearchEndpoints();
        endpoints.MapSyncAreaEndpoints();
        endpoints.MapMediaEndpoints();
        endpoints.MapPushRulesEndpoints();
        endpoints.MapPushersEndpoints();
        endpoints.MapNotificationsEndpoints();
        endpoints.MapKeysEndpoints();
        endpoints.MapToDeviceEndpoints();
        endpoints.MapRoomKeysEndpoints();
    }
}
