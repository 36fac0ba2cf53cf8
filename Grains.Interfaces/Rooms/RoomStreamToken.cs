using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// Pagination tokens of a room's timeline (DIGEST §8): <c>s&lt;N&gt;</c> names the point just after the event at
/// stream position N (so <c>s0</c> is before the create event). Backward pagination from <c>sN</c> returns
/// positions N, N-1, …; forward pagination returns N+1, N+2, …. Positions are the event store's dense
/// per-room sequence, so tokens survive restarts. A sync <c>prev_batch</c> for a room is the same kind of
/// token (the position before the first timeline event).
/// </summary>
public static class RoomStreamToken
{
    public const char Prefix = 's';

    public static string Format(long position) => Prefix + position.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse([NotNullWhen(true)] string? token, out long position)
    {
        position = 0;
        return token is { Length: > 1 }
            && token[0] == Prefix
            && long.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }
}
