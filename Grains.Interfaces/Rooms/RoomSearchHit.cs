using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A search result (spec search.yaml <c>Result</c>): the event, its rank, and its context when asked for.</summary>
/// <param name="Position">The event's stream position (a later page continues below it).</param>
/// <param name="OriginServerTs">For ordering hits across rooms (<c>order_by: recent</c>).</param>
/// <param name="Context">The <c>context</c> object (<c>events_before</c>, <c>events_after</c>, <c>start</c>, <c>end</c>,
/// <c>profile_info</c>), or null when no context was requested.</param>
public sealed record RoomSearchHit(long Position, long OriginServerTs, double Rank, JsonElement Event, JsonElement? Context);
