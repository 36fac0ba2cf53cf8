using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// <c>GET /rooms/{roomId}/hierarchy</c> (spec space_hierarchy.yaml): a breadth-first walk over <c>m.space.child</c>
/// events from the root, returning the rooms the user may see (joined or invited, public or knockable join rule,
/// a restricted rule the user meets, or world-readable history); the children of a room the user may not see are
/// not followed. Only local rooms are known (no federation). Each page walks again from the root and skips the
/// rooms already returned (token <c>h&lt;skip&gt;_&lt;max_depth&gt;_&lt;suggested_only&gt;</c>); the walk is bounded.
/// </summary>
public static class SpacesEndpoints
{
    private const int DefaultLimit = 20;

    private const int MaxLimit = 100;

    private const int DefaultMaxDepth = 10;

    /// <summary>Rooms visited per request, whatever the page size.</summary>
    private const int MaxVisitedRooms = 1000;

    public static IEndpointRouteBuilder MapSpacesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v1/rooms/{roomId}/hierarchy
        endpoints.MapGet("/_matrix/client/v1/rooms/{roomId}/hierarchy", async (HttpContext context, IGrainFactory grains, string roomId) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var rootId = RoomHttp.ParseRoomId(roomId);
            var suggestedOnly = context.Request.Query["suggested_only"].ToString() switch
            {
                "" or "false" => false,
                "true" => true,
                _ => throw MatrixException.InvalidParam("'suggested_only' must be 'true' or 'false'."),
            };
            var limit = Math.Min(RoomHttp.ParseLimit(context) ?? DefaultLimit, MaxLimit);
            if (limit == 0)
            {
                throw MatrixException.InvalidParam("'limit' must be greater than zero.");
            }

            var maxDepth = ParseMaxDepth(context);
            var skip = 0;
            var from = context.Request.Query["from"].ToString();
            if (from.Length > 0 && !TryParseToken(from, maxDepth, suggestedOnly, out skip))
            {
                throw MatrixException.InvalidParam("'from' is not a token of this hierarchy (max_depth and suggested_only cannot change).");
            }

            var root = await grains.GetGrain<IRoomSummaryGrain>(rootId).GetSpaceEntryAsync(requester) ?? throw MatrixException.NotFound("Unknown room.");
            var joinedRooms = new HashSet<string>(await grains.GetGrain<IUserRoomsGrain>(requester).GetJoinedRoomsAsync(), StringComparer.Ordinal);
            if (!MaySee(root, joinedRooms))
            {
                throw MatrixException.Forbidden("You may not view this room.");
            }

            var rooms = new JsonArray();
            var seen = 0;
            var more = false;
            var visited = new HashSet<string>(StringComparer.Ordinal) { rootId };
            var queue = new Queue<(SpaceRoomEntry Entry, int Depth)>();
            queue.Enqueue((root, 0));
            while (queue.Count > 0)
            {
                var (entry, depth) = queue.Dequeue();
                if (seen++ >= skip)
                {
                    if (rooms.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    rooms.Add(ToHierarchyRoom(entry));
                }

                if (depth >= maxDepth)
                {
                    continue;
                }

                foreach (var childId in OrderedChildren(entry, suggestedOnly))
                {
                    if (visited.Count >= MaxVisitedRooms || !RoomId.TryParse(childId, out _) || !visited.Add(childId))
                    {
                        continue;
                    }

                    var child = await grains.GetGrain<IRoomSummaryGrain>(childId).GetSpaceEntryAsync(requester);
                    if (child is not null && MaySee(child, joinedRooms))
                    {
                        queue.Enqueue((child, depth + 1));
                    }
                }
            }

            var body = new JsonObject { ["rooms"] = rooms };
            if (more)
            {
                body["next_batch"] = FormatToken(skip + rooms.Count, maxDepth, suggestedOnly);
            }

            return MatrixResults.Json(body);
        }).RequireAccessToken();

        return endpoints;
    }

    /// <summary>Who may see a room in a hierarchy (space_hierarchy.yaml <c>rooms</c>).</summary>
    private static bool MaySee(SpaceRoomEntry entry, HashSet<string> joinedRooms) =>
        entry.Membership is Membership.Join or Membership.Invite
        || entry.Summary.WorldReadable
        || entry.Summary.JoinRule is JoinRules.Public or JoinRules.Knock or JoinRules.KnockRestricted
        || (entry.Summary.JoinRule == JoinRules.Restricted && entry.Summary.AllowedRoomIds.Any(joinedRooms.Contains));

    /// <summary>Children in the spec's order: a valid <c>order</c> (printable ASCII, ≤ 50 chars) first, lexicographically;
    /// then by the child event's <c>origin_server_ts</c>, then room ID.</summary>
    private static IEnumerable<string> OrderedChildren(SpaceRoomEntry entry, bool suggestedOnly) => entry.ChildrenState
        .Where(child => !suggestedOnly || (child.GetProperty("content").TryGetProperty("suggested", out var suggested) && suggested.ValueKind == JsonValueKind.True))
        .Select(child => (
            RoomId: child.GetProperty("state_key").GetString()!,
            Order: child.GetProperty("content").TryGetProperty("order", out var order) && order.ValueKind == JsonValueKind.String && IsValidOrder(order.GetString()!) ? order.GetString() : null,
            Ts: child.GetProperty("origin_server_ts").GetInt64()))
        .OrderBy(c => c.Order is null)
        .ThenBy(c => c.Order, StringComparer.Ordinal)
        .ThenBy(c => c.Ts)
        .ThenBy(c => c.RoomId, StringComparer.Ordinal)
        .Select(c => c.RoomId);

    private static bool IsValidOrder(string order) => order.Length <= 50 && order.All(c => c is >= '\x20' and <= '\x7E');

    private static JsonObject ToHierarchyRoom(SpaceRoomEntry entry)
    {
        var room = PublicRoomsEndpoints.ToChunk(entry.Summary);
        room["room_version"] = entry.Summary.RoomVersion;
        if (entry.Summary.Encryption is { } encryption)
        {
            room["encryption"] = encryption;
        }

        if (entry.Summary.AllowedRoomIds.Count > 0)
        {
            room["allowed_room_ids"] = new JsonArray([.. entry.Summary.AllowedRoomIds.Select(r => (JsonNode)r)]);
        }

        room["children_state"] = new JsonArray([.. entry.ChildrenState.Select(c => JsonNode.Parse(c.GetRawText()))]);
        return room;
    }

    private static int ParseMaxDepth(HttpContext context)
    {
        var value = context.Request.Query["max_depth"].ToString();
        if (value.Length == 0)
        {
            return DefaultMaxDepth;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var depth)
            ? Math.Min(depth, DefaultMaxDepth)
            : throw MatrixException.InvalidParam("'max_depth' must be a non-negative integer.");
    }

    private static string FormatToken(int skip, int maxDepth, bool suggestedOnly) =>
        string.Create(CultureInfo.InvariantCulture, $"h{skip}_{maxDepth}_{(suggestedOnly ? 1 : 0)}");

    private static bool TryParseToken(string token, int maxDepth, bool suggestedOnly, out int skip)
    {
        skip = 0;
        var parts = token.Length > 1 && token[0] == 'h' ? token[1..].Split('_') : [];
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out skip)
            && parts[1] == maxDepth.ToString(CultureInfo.InvariantCulture)
            && parts[2] == (suggestedOnly ? "1" : "0");
    }
}
