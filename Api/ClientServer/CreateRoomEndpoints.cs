using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary><c>POST /createRoom</c> (DIGEST §5): validates the request, reserves the alias (M_ROOM_IN_USE before
/// anything is created), then lets a fresh room grain build the initial events.</summary>
public static class CreateRoomEndpoints
{
    public static IEndpointRouteBuilder MapCreateRoomEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/createRoom
        endpoints.MapPost("/_matrix/client/v3/createRoom", CreateRoomAsync).RequireAccessToken();
        return endpoints;
    }

    private static async Task<IResult> CreateRoomAsync(HttpContext context, IGrainFactory grains, IOptions<ClawChatOptions> options)
    {
        var requester = context.GetRequester();
        var body = await JsonBody.ReadObjectAsync(context);
        var server = ServerName.Parse(options.Value.ServerName);

        var roomVersion = body.GetOptionalString("room_version") ?? RoomVersion.Default.Id;
        if (!RoomVersion.TryGet(roomVersion, out _))
        {
            throw MatrixException.UnsupportedRoomVersion($"Room version '{roomVersion}' is not supported.");
        }

        var visibility = body.GetOptionalString("visibility") ?? "private";
        if (visibility is not ("public" or "private"))
        {
            throw MatrixException.InvalidParam("'visibility' must be 'public' or 'private'.");
        }

        var preset = body.GetOptionalString("preset") ?? (visibility == "public" ? RoomPresets.PublicChat : RoomPresets.PrivateChat);
        if (!RoomPresets.IsKnown(preset))
        {
            throw MatrixException.InvalidParam($"Unknown preset '{preset}'.");
        }

        var invite = new List<string>();
        foreach (var invitee in body.GetOptionalStringArray("invite") ?? [])
        {
            invite.Add(UserId.TryParse(invitee, out var id) ? id.Value : throw MatrixException.InvalidParam($"'{invitee}' in 'invite' is not a valid user ID."));
        }

        var initialState = ReadInitialState(body);
        var creationContent = body.GetOptionalObject("creation_content");
        var powerLevelOverride = body.GetOptionalObject("power_level_content_override");
        var name = body.GetOptionalString("name");
        var topic = body.GetOptionalString("topic");
        var isDirect = body.GetOptionalBool("is_direct") ?? false;

        string? alias = null;
        if (body.GetOptionalString("room_alias_name") is { } aliasName)
        {
            if (aliasName.Length == 0 || aliasName.Contains(':', StringComparison.Ordinal) || !RoomAlias.TryParse($"#{aliasName}:{server.Value}", out var parsed))
            {
                throw MatrixException.InvalidParam("'room_alias_name' is not a valid alias localpart.");
            }

            alias = parsed.Value;
        }

        var roomId = RoomId.New(server).Value;
        if (alias is not null && !await grains.GetGrain<IRoomAliasGrain>(alias).TrySetAsync(roomId, requester.UserId.Value))
        {
            throw MatrixException.RoomInUse("Room alias already taken.");
        }

        var profile = await RoomHttp.GetProfileAsync(grains, requester.UserId.Value);
        var command = new CreateRoomCommand(
            requester.UserId.Value,
            roomVersion,
            preset,
            name,
            topic,
            alias,
            invite,
            initialState,
            isDirect,
            creationContent is null ? null : RoomHttp.ToContent(creationContent),
            powerLevelOverride is null ? null : RoomHttp.ToContent(powerLevelOverride),
            profile?.DisplayName,
            profile?.AvatarUrl);
        try
        {
            await grains.GetGrain<IRoomGrain>(roomId).CreateAsync(command);
        }
        catch
        {
            if (alias is not null)
            {
                await grains.GetGrain<IRoomAliasGrain>(alias).DeleteAsync();
            }

            throw;
        }

        // DIGEST §5: publish to the room directory when visibility is public (DirectoryEndpoints).
        if (visibility == "public")
        {
            await grains.GetGrain<IPublicRoomListGrain>(IPublicRoomListGrain.Key).SetPublishedAsync(roomId, published: true);
        }

        return RoomHttp.Json(w => w.WriteString("room_id", roomId));
    }

    /// <summary><c>initial_state</c>: objects with <c>type</c>, optional <c>state_key</c> (default ""), object <c>content</c>.
    /// The create event and member events cannot be given this way (400 M_INVALID_ROOM_STATE).</summary>
    private static List<StateEventInput> ReadInitialState(JsonObject body)
    {
        var result = new List<StateEventInput>();
        foreach (var node in body.GetOptionalArray("initial_state") ?? [])
        {
            if (node is not JsonObject item)
            {
                throw MatrixException.BadJson("'initial_state' entries must be objects.");
            }

            var type = item.GetRequiredString("type");
            var stateKey = item.GetOptionalString("state_key") ?? string.Empty;
            var content = item.GetOptionalObject("content") ?? throw MatrixException.BadJson("'initial_state' entries need an object 'content'.");
            if (type is EventTypes.Create or EventTypes.Member)
            {
                throw MatrixException.InvalidRoomState($"'{type}' cannot be set through initial_state.");
            }

            result.Add(new StateEventInput(type, stateKey, JsonSerializer.SerializeToElement(content)));
        }

        return result;
    }
}
