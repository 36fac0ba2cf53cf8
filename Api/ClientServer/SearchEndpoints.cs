using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// <c>POST /search</c> with the <c>room_events</c> category (spec search.yaml; DIGEST §9: only events the user may
/// see). Each of the user's rooms scans its own visible history backwards, a bounded number of events per request
/// (<see cref="IRoomSearchGrain"/>); the hits are merged newest first and the page's <c>next_batch</c> records where
/// every room with more history stopped. <c>order_by: rank</c> orders each page by rank (pages themselves follow
/// recency, so results are never repeated or skipped).
/// </summary>
public static class SearchEndpoints
{
    private const int DefaultLimit = 10;

    private const int MaxLimit = 100;

    /// <summary>Rooms searched per request (a user in more rooms searches the first ones by room ID).</summary>
    private const int MaxRooms = 500;

    private const int MaxContext = 20;

    private const string TokenPrefix = "r1.";

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/search
        endpoints.MapPost("/_matrix/client/v3/search", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var body = await JsonBody.ReadObjectAsync(context);
            var categories = body.GetOptionalObject("search_categories") ?? throw MatrixException.MissingParam("'search_categories' is required.");
            if (categories.GetOptionalObject("room_events") is not { } roomEvents)
            {
                return MatrixResults.Json(new JsonObject { ["search_categories"] = new JsonObject() });
            }

            var request = ParseRequest(roomEvents);
            var token = context.Request.Query["next_batch"].ToString();
            var cursors = token.Length > 0 ? ParseToken(token) : await StartingCursorsAsync(grains, requester, request);
            var result = await SearchAsync(grains, requester, request, cursors);
            return MatrixResults.Json(new JsonObject { ["search_categories"] = new JsonObject { ["room_events"] = result } });
        }).RequireAccessToken();

        return endpoints;
    }

    private static async Task<JsonObject> SearchAsync(IGrainFactory grains, string requester, SearchRequest request, Dictionary<string, long?> cursors)
    {
        var rooms = cursors.Keys.Order(StringComparer.Ordinal).ToList();
        var query = new RoomSearchQuery(requester, request.Terms, request.Keys, null, request.Limit, request.Filter, request.BeforeLimit, request.AfterLimit, request.IncludeProfile);
        var pages = await Task.WhenAll(rooms.Select(async roomId =>
        {
            try
            {
                return await grains.GetGrain<IRoomSearchGrain>(roomId).SearchAsync(query with { Before = cursors[roomId] });
            }
            catch (MatrixException)
            {
                // A room that no longer exists (or cannot be read) has nothing to search.
                return new RoomSearchPage([], null);
            }
        }));

        // Newest first across rooms; each room's hits are already newest first, so a page takes a prefix of each.
        var all = rooms.SelectMany((roomId, i) => pages[i].Hits.Select(hit => (RoomId: roomId, Hit: hit)))
            .OrderByDescending(h => h.Hit.OriginServerTs)
            .ThenByDescending(h => h.Hit.Position)
            .ToList();
        var page = all.Take(request.Limit).ToList();

        var next = new Dictionary<string, long?>(StringComparer.Ordinal);
        for (var i = 0; i < rooms.Count; i++)
        {
            var roomId = rooms[i];
            var taken = page.Count(h => h.RoomId == roomId);
            var hits = pages[i].Hits;
            if (taken < hits.Count)
            {
                next[roomId] = hits[taken].Position + 1;
            }
            else if (pages[i].Next is { } more)
            {
                next[roomId] = more;
            }
        }

        if (request.OrderByRank)
        {
            page = [.. page.OrderByDescending(h => h.Hit.Rank).ThenByDescending(h => h.Hit.OriginServerTs)];
        }

        var results = new JsonArray();
        foreach (var (_, hit) in page)
        {
            var item = new JsonObject { ["rank"] = hit.Rank, ["result"] = JsonNode.Parse(hit.Event.GetRawText()) };
            if (hit.Context is { } hitContext)
            {
                item["context"] = JsonNode.Parse(hitContext.GetRawText());
            }

            results.Add(item);
        }

        var response = new JsonObject
        {
            ["count"] = all.Count,
            ["highlights"] = new JsonArray([.. request.Terms.Select(t => (JsonNode)t)]),
            ["results"] = results,
        };
        var nextBatch = next.Count > 0 ? FormatToken(next) : null;
        if (nextBatch is not null)
        {
            response["next_batch"] = nextBatch;
        }

        if (request.IncludeState)
        {
            response["state"] = await StateAsync(grains, requester, page.Select(h => h.RoomId).Distinct(StringComparer.Ordinal));
        }

        if (request.GroupBy.Count > 0)
        {
            response["groups"] = Groups(page, request.GroupBy, nextBatch);
        }

        return response;
    }

    /// <summary>Every room the user has (or had) a membership in, narrowed by the filter's <c>rooms</c>/<c>not_rooms</c>.</summary>
    private static async Task<Dictionary<string, long?>> StartingCursorsAsync(IGrainFactory grains, string requester, SearchRequest request)
    {
        var memberships = await grains.GetGrain<IUserRoomsGrain>(requester).GetRoomsAsync();
        return memberships
            .Select(m => m.RoomId)
            .Where(r => (request.Rooms is null || request.Rooms.Contains(r, StringComparer.Ordinal))
                && (request.NotRooms is null || !request.NotRooms.Contains(r, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Take(MaxRooms)
            .ToDictionary(r => r, _ => (long?)null, StringComparer.Ordinal);
    }

    private static async Task<JsonObject> StateAsync(IGrainFactory grains, string requester, IEnumerable<string> roomIds)
    {
        var state = new JsonObject();
        foreach (var roomId in roomIds)
        {
            try
            {
                var events = await grains.GetGrain<IRoomGrain>(roomId).GetStateAsync(requester);
                state[roomId] = new JsonArray([.. events.Select(e => JsonNode.Parse(e.GetRawText()))]);
            }
            catch (MatrixException)
            {
                // No readable state (e.g. never joined a room whose history was world-readable): omit the room.
            }
        }

        return state;
    }

    /// <summary><c>groups</c> (spec search.yaml): per grouping key, the page's event IDs per room or sender.</summary>
    private static JsonObject Groups(List<(string RoomId, RoomSearchHit Hit)> page, IReadOnlyList<string> groupBy, string? nextBatch)
    {
        var groups = new JsonObject();
        foreach (var key in groupBy)
        {
            var byKey = new JsonObject();
            var order = 0;
            foreach (var group in page.GroupBy(h => key == "room_id" ? h.RoomId : h.Hit.Event.GetProperty("sender").GetString()!, StringComparer.Ordinal))
            {
                var entry = new JsonObject
                {
                    ["order"] = ++order,
                    ["results"] = new JsonArray([.. group.Select(h => (JsonNode)h.Hit.Event.GetProperty("event_id").GetString()!)]),
                };
                if (nextBatch is not null)
                {
                    entry["next_batch"] = nextBatch;
                }

                byKey[group.Key] = entry;
            }

            groups[key] = byKey;
        }

        return groups;
    }

    private static SearchRequest ParseRequest(JsonObject roomEvents)
    {
        var terms = SearchTerms.Tokenize(roomEvents.GetRequiredString("search_term"), SearchTerms.MaxTerms);
        var keys = roomEvents.GetOptionalStringArray("keys") ?? ["content.body", "content.name", "content.topic"];
        if (keys.Any(k => k is not ("content.body" or "content.name" or "content.topic")))
        {
            throw MatrixException.InvalidParam("'keys' may only contain content.body, content.name and content.topic.");
        }

        var orderBy = roomEvents.GetOptionalString("order_by") ?? "rank";
        if (orderBy is not ("rank" or "recent"))
        {
            throw MatrixException.InvalidParam("'order_by' must be 'rank' or 'recent'.");
        }

        var filter = roomEvents.GetOptionalObject("filter") ?? [];
        var limit = filter.GetOptionalInteger("limit") ?? DefaultLimit;
        if (limit < 0)
        {
            throw MatrixException.InvalidParam("'filter.limit' must not be negative.");
        }

        var eventContext = roomEvents.GetOptionalObject("event_context");
        var groupBy = new List<string>();
        foreach (var node in roomEvents.GetOptionalObject("groupings")?.GetOptionalArray("group_by") ?? [])
        {
            var key = (node as JsonObject)?.GetOptionalString("key");
            if (key is not ("room_id" or "sender"))
            {
                throw MatrixException.InvalidParam("'group_by' keys must be 'room_id' or 'sender'.");
            }

            groupBy.Add(key);
        }

        return new SearchRequest(
            terms,
            keys,
            OrderByRank: orderBy == "rank",
            (int)Math.Clamp(limit, 1, MaxLimit),
            new RoomEventFilter(
                filter.GetOptionalStringArray("types"),
                filter.GetOptionalStringArray("not_types"),
                filter.GetOptionalStringArray("senders"),
                filter.GetOptionalStringArray("not_senders"),
                filter.GetOptionalBool("contains_url")),
            filter.GetOptionalStringArray("rooms"),
            filter.GetOptionalStringArray("not_rooms"),
            ContextLimit(eventContext, "before_limit"),
            ContextLimit(eventContext, "after_limit"),
            eventContext?.GetOptionalBool("include_profile") ?? false,
            roomEvents.GetOptionalBool("include_state") ?? false,
            groupBy);
    }

    /// <summary><c>event_context.before_limit</c>/<c>after_limit</c>: default 5 when <c>event_context</c> is given (spec), else none.</summary>
    private static int ContextLimit(JsonObject? eventContext, string name)
    {
        if (eventContext is null)
        {
            return 0;
        }

        var value = eventContext.GetOptionalInteger(name) ?? 5;
        return value < 0 ? throw MatrixException.InvalidParam($"'{name}' must not be negative.") : (int)Math.Min(value, MaxContext);
    }

    /// <summary>The rooms still to search and where each continues: <c>r1.</c> + base64url(JSON {roomId: position}).</summary>
    private static string FormatToken(Dictionary<string, long?> cursors)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(cursors.ToDictionary(p => p.Key, p => p.Value ?? 0, StringComparer.Ordinal));
        return TokenPrefix + Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static Dictionary<string, long?> ParseToken(string token)
    {
        try
        {
            if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                throw new FormatException();
            }

            var base64 = token[TokenPrefix.Length..].Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var cursors = JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? throw new FormatException();
            return cursors.Where(p => p.Value > 0 && RoomId.TryParse(p.Key, out _)).Take(MaxRooms).ToDictionary(p => p.Key, p => (long?)p.Value, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw MatrixException.InvalidParam("'next_batch' is not a valid search token.");
        }
    }

    private sealed record SearchRequest(
        IReadOnlyList<string> Terms,
        IReadOnlyList<string> Keys,
        bool OrderByRank,
        int Limit,
        RoomEventFilter Filter,
        IReadOnlyList<string>? Rooms,
        IReadOnlyList<string>? NotRooms,
        int BeforeLimit,
        int AfterLimit,
        bool IncludeProfile,
        bool IncludeState,
        IReadOnlyList<string> GroupBy);
}
