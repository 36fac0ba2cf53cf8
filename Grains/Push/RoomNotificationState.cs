namespace ClawChat.Grains.Push;

/// <summary>
/// Notification bookkeeping of one room for one user. Counts are derived, never stored: the unread entries per
/// thread after the read positions (DIGEST §15 "Counts": events since the latest read receipt that produced
/// <c>notify</c>; a receipt resets the counts of its thread, an unthreaded receipt those of every thread).
/// Read positions only move forward.
/// </summary>
public sealed class RoomNotificationState
{
    /// <summary>The newest event position seen; events at or below it are replays and ignored.</summary>
    public long LastEventPosition { get; set; }

    /// <summary>Position of the latest unthreaded receipt (applies to every thread).</summary>
    public long ReadPosition { get; set; }

    /// <summary>Thread id (<c>main</c> or a thread root id) → position of the latest receipt in that thread.</summary>
    public Dictionary<string, long> ThreadReadPositions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Thread id → unread notifications in position order.</summary>
    public Dictionary<string, List<UnreadEntry>> Unread { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The position up to which events of <paramref name="threadId"/> are read.</summary>
    public long ReadPositionOf(string threadId) =>
        Math.Max(ReadPosition, ThreadReadPositions.GetValueOrDefault(threadId));

    /// <summary>Unread notifications over all threads.</summary>
    public int CountNotifications() => Unread.Values.Sum(e => e.Count);

    /// <summary>Adds an unread notification; past <paramref name="limit"/> entries the oldest is dropped.</summary>
    public void AddUnread(string threadId, UnreadEntry entry, int limit)
    {
        if (!Unread.TryGetValue(threadId, out var entries))
        {
            entries = [];
            Unread[threadId] = entries;
        }

        entries.Add(entry);
        if (entries.Count > limit)
        {
            entries.RemoveRange(0, entries.Count - limit);
        }
    }

    /// <summary>Applies a receipt at <paramref name="position"/>: <paramref name="threadId"/> null for an unthreaded
    /// receipt. Returns whether anything changed.</summary>
    public bool MarkRead(long position, string? threadId, int maxTrackedThreads)
    {
        var changed = false;
        if (threadId is null)
        {
            if (position > ReadPosition)
            {
                ReadPosition = position;
                changed = true;
                foreach (var stale in ThreadReadPositions.Where(p => p.Value <= position).Select(p => p.Key).ToList())
                {
                    ThreadReadPositions.Remove(stale);
                }
            }

            foreach (var entries in Unread.Values)
            {
                changed |= entries.RemoveAll(e => e.Position <= position) > 0;
            }
        }
        else
        {
            if (position > ReadPositionOf(threadId))
            {
                ThreadReadPositions[threadId] = position;
                changed = true;
                TrimThreadReadPositions(maxTrackedThreads);
            }

            if (Unread.TryGetValue(threadId, out var entries))
            {
                changed |= entries.RemoveAll(e => e.Position <= position) > 0;
            }
        }

        foreach (var empty in Unread.Where(u => u.Value.Count == 0).Select(u => u.Key).ToList())
        {
            Unread.Remove(empty);
        }

        return changed;
    }

    /// <summary>Thread receipts pile up with every thread ever read; the oldest beyond the limit are forgotten
    /// (their threads then fall back to the unthreaded receipt, so a forgotten thread can only look less read).</summary>
    private void TrimThreadReadPositions(int max)
    {
        if (ThreadReadPositions.Count <= max)
        {
            return;
        }

        foreach (var oldest in ThreadReadPositions.Where(p => p.Key != EventThreads.Main).OrderBy(p => p.Value).Take(ThreadReadPositions.Count - max).Select(p => p.Key).ToList())
        {
            ThreadReadPositions.Remove(oldest);
        }
    }
}
