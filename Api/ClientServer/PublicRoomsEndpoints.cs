using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// <c>GET/POST /publicRooms</c> (DIGEST §16; spec list_public_rooms.yaml): the published rooms, largest first
/// (then by room ID), with each room's summary read from the room itself. Tokens are offsets into that order
/// (<c>p&lt;offset&gt;</c>); <c>include_all_networks</c> and <c>third_party_instance_id</c> are ignored (no bridges).
/// Only this server's directory exists: another <c>server</c> is 404 M_NOT_FOUND.
/// </summary>
public static class PublicRoomsEndpoints
{
    /// <summary>Page size when the client gives none; Element asks for 20–30.</summary>
    private const int DefaultLimit = 30;

    private const int MaxLimit = 500;

    /// <summary>Rooms summarised per request: bounds the fan-out of one listing.</summary>
    private const int MaxListedRooms = 5000;

    public static IEndpointRouteBuilder MapPublicRoomsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/publicRooms
        endpoints.MapGet("/_matrix/client/v3/publicRooms", (HttpContext context, IGrainFactory grains, IOptions<ClawChatOptions> options) =>
        {
            CheckServer(context, options.Value);
            var limit = RoomHttp.ParseLimit(context);
            var since = context.Request.Query["since"].ToString();
            return ListAsync(grains, limit, since.Length == 0 ? null : since, searchTerm: null, roomTypes: null);
        }).AllowAccessToken();

        /// POST /_matrix/client/v3/publicRooms
        endpoints.MapPost("/_matrix/client/v3/publicRooms", async (HttpContext context, IGrainFactory grains, IOptions<ClawChatOptions> options) =>
        {
            CheckServer(context, options.Value);
            var body = await JsonBody.ReadObjectAsync(context);
            var limit = body.GetOptionalInteger("limit");
            if (limit is < 0)
            {
                throw MatrixException.InvalidParam("'limit' must not be negative.");
            }

            var filter = body.GetOptionalObject("filter");
            var searchTerm = filter?.GetOptionalString("generic_search_term");
            var roomTypes = ReadRoomTypes(filter);
            _ = body.GetOptionalBool("include_all_networks");
            return await ListAsync(grains, limit is null ? null : (int)Math.Min(limit.Value, int.MaxValue), body.GetOptionalString("since"), searchTerm, roomTypes);
        }).RequireAccessToken();

        return endpoints;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, int? requestedLimit, string? since, string? searchTerm, List<string?>? roomTypes)
    {
        var offset = since is null ? 0 : ParseToken(since);
        var limit = Math.Clamp(requestedLimit ?? DefaultLimit, 0, MaxLimit);

        var published = await grains.GetGrain<IPublicRoomListGrain>(IPublicRoomListGrain.Key).GetPublishedAsync();
        var summaries = await Task.WhenAll(published.Take(MaxListedRooms).Select(roomId => grains.GetGrain<IRoomSummaryGrain>(roomId).GetSummaryAsync()));
        var term = string.IsNullOrWhiteSpace(searchTerm) ? null : searchTerm.Trim();
        var rooms = summaries
            .OfType<RoomDirectorySummary>()
            .Where(s => term is null || Contains(s.Name, term) || Contains(s.Topic, term) || Contains(s.CanonicalAlias, term) || Contains(s.RoomId, term))
            .Where(s => roomTypes is null || roomTypes.Contains(s.RoomType))
            .OrderByDescending(s => s.NumJoinedMembers)
            .ThenBy(s => s.RoomId, StringComparer.Ordinal)
            .ToList();

        var page = rooms.Skip(offset).Take(limit).ToList();
        var body = new JsonObject
        {
            ["chunk"] = new JsonArray([.. page.Select(ToChunk)]),
            ["total_room_count_estimate"] = rooms.Count,
        };
        if (offset + page.Count < rooms.Count && limit > 0)
        {
            body["next_batch"] = FormatToken(offset + page.Count);
        }

        if (offset > 0)
        {
            body["prev_batch"] = FormatToken(Math.Max(0, offset - Math.Max(limit, 1)));
        }

        return MatrixResults.Json(body);
    }

    /// <summary>A <c>/publicRooms</c> chunk entry (spec public_rooms_chunk.yaml): optional fields are omitted when unset.</summary>
    internal static JsonObject ToChunk(RoomDirectorySummary summary)
    {
        var chunk = new JsonObject
        {
            ["room_id"] = summary.RoomId,
            ["num_joined_members"] = summary.NumJoinedMembers,
            ["world_readable"] = summary.WorldReadable,
            ["guest_can_join"] = summary.GuestCanJoin,
        };
        AddIfSet(chunk, "name", summary.Name);
        AddIfSet(chunk, "topic", summary.Topic);
        AddIfSet(chunk, "avatar_url", summary.AvatarUrl);
        AddIfSet(chunk, "canonical_alias", summary.CanonicalAlias);
        AddIfSet(chunk, "join_rule", summary.JoinRule);
        AddIfSet(chunk, "room_type", summary.RoomType);
        return chunk;
    }

    private static void AddIfSet(JsonObject obj, string name, string? value)
    {
        if (value is not null)
        {
            obj[name] = value;
        }
    }

    private static bool Contains(string? text, string term) => text is not null && text.Contains(term, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>filter.room_types</c>: strings, or null for "rooms without a type" (spec list_public_rooms.yaml).</summary>
    private static List<string?>? ReadRoomTypes(JsonObject? filter)
    {
        if (filter?.GetOptionalArray("room_types") is not { } array)
        {
            return null;
        }

        var types = new List<string?>();
        foreach (var item in array)
        {
            types.Add(item switch
            {
                null => null,
                JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                _ => throw MatrixException.BadJson("'room_types' must contain strings or null."),
            });
        }

        return types;
    }

    private static void CheckServer(HttpContext context, ClawChatOptions options)
    {
        var server = context.Request.Query["server"].ToString();
        if (server.Length > 0 && !string.Equals(server, options.ServerName, StringComparison.Ordinal))
        {
            throw MatrixException.NotFound($"Cannot list the rooms of {server}: federation is not supported.");
        }
    }

    private static string FormatToken(int offset) => "p" + offset.ToString(CultureInfo.InvariantCulture);

    private static int ParseToken(string token) =>
        token.Length > 1 && token[0] == 'p' && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw MatrixException.InvalidParam("'since' is not a valid pagination token.");
}
