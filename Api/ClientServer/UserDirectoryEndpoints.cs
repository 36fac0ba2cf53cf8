using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>
/// <c>POST /user_directory/search</c> (DIGEST §16; spec users.yaml). The searchable users are the members of the
/// rooms the requester is joined to and of the published rooms (Element's invite and "start DM" dialogs depend on
/// both); a user matches when the search term occurs in their user ID or display name, case-insensitively.
/// Users sharing a room with the requester come first. The rooms read per request are bounded.
/// </summary>
public static class UserDirectoryEndpoints
{
    private const int DefaultLimit = 10;

    private const int MaxLimit = 100;

    /// <summary>Rooms whose members are read per search (joined rooms first, then published ones).</summary>
    private const int MaxRoomsPerSearch = 500;

    public static IEndpointRouteBuilder MapUserDirectoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/user_directory/search
        endpoints.MapPost("/_matrix/client/v3/user_directory/search", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester().UserId.Value;
            var body = await JsonBody.ReadObjectAsync(context);
            var term = body.GetRequiredString("search_term").Trim();
            var requestedLimit = body.GetOptionalInteger("limit") ?? DefaultLimit;
            if (requestedLimit < 0)
            {
                throw MatrixException.InvalidParam("'limit' must not be negative.");
            }

            var limit = (int)Math.Min(requestedLimit, MaxLimit);
            var joined = await grains.GetGrain<IUserRoomsGrain>(requester).GetJoinedRoomsAsync();
            var published = await grains.GetGrain<IPublicRoomListGrain>(IPublicRoomListGrain.Key).GetPublishedAsync();
            var sharedRooms = joined.Take(MaxRoomsPerSearch).ToList();
            var publicRooms = published.Except(sharedRooms, StringComparer.Ordinal).Take(Math.Max(0, MaxRoomsPerSearch - sharedRooms.Count)).ToList();

            // user ID → (display name, avatar, shares a room with the requester)
            var candidates = new Dictionary<string, (JoinedMember Member, bool Shared)>(StringComparer.Ordinal);
            await CollectAsync(grains, requester, sharedRooms, shared: true, candidates);
            await CollectAsync(grains, requester, publicRooms, shared: false, candidates);

            var matches = candidates.Values
                .Where(c => term.Length == 0
                    || c.Member.UserId.Contains(term, StringComparison.OrdinalIgnoreCase)
                    || (c.Member.DisplayName?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false))
                .OrderByDescending(c => c.Shared)
                .ThenBy(c => c.Member.DisplayName ?? c.Member.UserId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(c => c.Member.UserId, StringComparer.Ordinal)
                .ToList();

            var results = new JsonArray();
            foreach (var (member, _) in matches.Take(limit))
            {
                // The global profile when there is one (member events carry per-room values).
                var profile = await RoomHttp.GetProfileAsync(grains, member.UserId);
                var result = new JsonObject { ["user_id"] = member.UserId };
                if ((profile?.DisplayName ?? member.DisplayName) is { } displayName)
                {
                    result["display_name"] = displayName;
                }

                if ((profile?.AvatarUrl ?? member.AvatarUrl) is { } avatarUrl)
                {
                    result["avatar_url"] = avatarUrl;
                }

                results.Add(result);
            }

            return MatrixResults.Json(new JsonObject { ["results"] = results, ["limited"] = matches.Count > limit });
        }).RequireAccessToken();

        return endpoints;
    }

    private static async Task CollectAsync(
        IGrainFactory grains,
        string requester,
        List<string> roomIds,
        bool shared,
        Dictionary<string, (JoinedMember Member, bool Shared)> candidates)
    {
        var memberLists = await Task.WhenAll(roomIds.Select(roomId => grains.GetGrain<IRoomSummaryGrain>(roomId).GetDirectoryMembersAsync(requester)));
        foreach (var members in memberLists)
        {
            foreach (var member in members)
            {
                if (!candidates.TryGetValue(member.UserId, out var existing) || (shared && !existing.Shared))
                {
                    candidates[member.UserId] = (member, shared);
                }
            }
        }
    }
}
