using System.Text.Json;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Bots;

/// <summary>
/// A conversation's rolling copy of the room's recent main timeline, so that building a context does not read the room
/// (the room formats 50 events to client JSON and the bot parsed them back: ~18% of the CPU per question, and the read
/// queued behind the room's own send work). Fed by what the grain sees anyway: the events the room pushes, the bot's own
/// sends and redactions, and, on a miss, the room read that answered instead.
/// <para>
/// Invariant: the entries are exactly the room's counted events (<c>m.room.message</c>, and <c>m.room.encrypted</c>)
/// from the first entry on, in position order, without a gap; <see cref="_floor"/> says where that knowledge starts (no
/// counted event lies between it and the first entry). A window is answered only when that invariant covers it;
/// anything that might break it (a dropped batch, an out-of-order push, a send whose outcome is unknown) disables the
/// cache for the activation, and the room read is used as before.
/// </para>
/// </summary>
internal sealed class BotHistory
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _editParents = new(StringComparer.Ordinal);
    private readonly int _capacity;

    /// <summary>Every counted event after this position is in <see cref="_entries"/>; null: nothing known yet.</summary>
    private long? _floor;

    private long _lastPushed = long.MinValue;

    /// <summary>Entries taken from a room read carry this position (their own is not in client JSON).</summary>
    private long _seededAt = long.MinValue;

    private bool _disabled;

    public BotHistory(int capacity) => _capacity = capacity;

    /// <summary>Changes on every update: a room read is seeded only when nothing changed while it ran.</summary>
    public int Version { get; private set; }

    public int Count => _entries.Count;

    /// <summary>Records an event in position order. <paramref name="content"/> is the readable (decrypted) content, or
    /// null when it cannot be read or is not needed (another bot's encrypted event).</summary>
    /// <param name="pushed">Pushed by the room (in position order), rather than sent by this bot.</param>
    public void Record(string eventId, string sender, string wireType, JsonElement wireContent, JsonElement? content, long position, long ts, bool pushed)
    {
        Version++;
        if (_disabled)
        {
            return;
        }

        if (pushed)
        {
            if (position <= _lastPushed)
            {
                Disable(); // the room pushes in position order: anything else may hide a gap
                return;
            }

            _lastPushed = position;
        }

        if (wireType is not (EventTypes.Message or BotCryptoGrain.EncryptedType) || _byId.ContainsKey(eventId))
        {
            return;
        }

        _floor ??= position - 1;
        if (position <= _floor)
        {
            Disable();
            return;
        }

        var relation = BotMessage.Parse(wireContent);
        var entry = new Entry
        {
            EventId = eventId,
            Sender = sender,
            WireType = wireType,
            RelType = relation.RelType,
            RelEventId = relation.RelEventId,
            Content = content,
            Ts = ts,
            Unreadable = content is null && !(relation.RelType is BotMessage.Thread or BotMessage.Replace),
            Position = position,
        };
        Insert(entry);
        if (relation.RelType == BotMessage.Replace && relation.RelEventId is { } parentId && _byId.TryGetValue(parentId, out var parent))
        {
            (parent.Edits ??= []).Add(new Edit(eventId, sender, wireType, ts, content, Bundled: false));
            _editParents[eventId] = parent;
        }

        Trim();
    }

    /// <summary>A redaction the room accepted: the target keeps its place (it still counts) but no longer has text;
    /// a redacted edit no longer applies.</summary>
    public void Redact(string targetId)
    {
        Version++;
        if (_disabled)
        {
            return;
        }

        if (_byId.TryGetValue(targetId, out var target))
        {
            target.Redacted = true;
            target.Edits = null;
        }

        if (_editParents.Remove(targetId, out var parent) && parent.Edits is { } edits)
        {
            var removed = edits.FindIndex(e => e.EventId == targetId);
            if (removed >= 0)
            {
                // The room read showed only the latest edit: the one before a redacted bundled edit is unknown.
                parent.Unknown |= edits[removed].Bundled;
                edits.RemoveAt(removed);
            }
        }
    }

    /// <summary>Forgets everything; the next recorded event starts the knowledge again (e.g. the bot rejoined).</summary>
    public void Clear()
    {
        Version++;
        _entries.Clear();
        _byId.Clear();
        _editParents.Clear();
        _floor = null;
        _seededAt = long.MinValue;
    }

    /// <summary>Never answers again in this activation.</summary>
    public void Disable()
    {
        Clear();
        _disabled = true;
    }

    /// <summary>Whether anything was recorded since the start or the last <see cref="Clear"/>.</summary>
    public bool HasKnowledge => _floor is not null;

    /// <summary>Whether some entries came from a room read.</summary>
    public bool HasSeed => _seededAt != long.MinValue;

    /// <summary>The main-timeline window a room read backward from <paramref name="position"/> (inclusive) down to
    /// <paramref name="reset"/> (exclusive) with <paramref name="limit"/> would give, oldest first; false when the
    /// cache cannot tell for sure.</summary>
    public bool TryWindow(long position, long reset, bool encrypted, int limit, List<Entry> window)
    {
        window.Clear();
        if (_disabled || _floor is not { } floor || position < _seededAt)
        {
            return false;
        }

        var complete = false;
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var entry = _entries[i];
            if (entry.Position > position)
            {
                continue;
            }

            if (entry.Position <= reset)
            {
                complete = true;
                break;
            }

            if (entry.WireType == BotCryptoGrain.EncryptedType && !encrypted)
            {
                continue;
            }

            window.Add(entry);
            if (window.Count == limit)
            {
                complete = true;
                break;
            }
        }

        if (!complete && floor > reset)
        {
            return false;
        }

        window.Reverse();
        return true;
    }

    /// <summary>Replaces what is known up to <paramref name="position"/> with a room read backward from it (oldest
    /// first), which saw every counted event after <paramref name="pageFloor"/>. Only when the entries already cover
    /// everything after <paramref name="position"/>, so that the invariant holds afterwards.</summary>
    public void Seed(long position, long pageFloor, IReadOnlyList<Entry> page)
    {
        if (_disabled || _floor is not { } floor || floor > position || position < _seededAt)
        {
            return;
        }

        Version++;
        foreach (var stale in _entries.Where(e => e.Position <= position))
        {
            _byId.Remove(stale.EventId);
        }

        _entries.RemoveAll(e => e.Position <= position);
        foreach (var edit in _editParents.Where(p => !_byId.ContainsKey(p.Value.EventId)).Select(p => p.Key).ToList())
        {
            _editParents.Remove(edit);
        }

        var kept = _entries.ToList();
        _entries.Clear();
        foreach (var entry in page)
        {
            if (_byId.TryAdd(entry.EventId, entry))
            {
                entry.Position = position;
                _entries.Add(entry);
                if (entry.Edits is { Count: > 0 } bundled)
                {
                    _editParents[bundled[0].EventId] = entry;
                }
            }
        }

        // Edits recorded after the position (also while the read ran) apply to the read entries too.
        foreach (var entry in kept)
        {
            _entries.Add(entry);
            if (entry.RelType == BotMessage.Replace && entry.Position > position)
            {
                ReapplyEdit(entry);
            }
        }

        _floor = pageFloor;
        _seededAt = position;
        Trim();
    }

    private void ReapplyEdit(Entry edit)
    {
        if (edit.RelEventId is { } parentId
            && _byId.TryGetValue(parentId, out var parent)
            && parent.Edits?.Exists(e => e.EventId == edit.EventId) != true
            && !parent.Redacted)
        {
            (parent.Edits ??= []).Add(new Edit(edit.EventId, edit.Sender, edit.WireType, edit.Ts, edit.Content, Bundled: false));
            _editParents[edit.EventId] = parent;
        }
    }

    private void Insert(Entry entry)
    {
        var at = _entries.Count;
        while (at > 0 && _entries[at - 1].Position > entry.Position)
        {
            at--;
        }

        _entries.Insert(at, entry);
        _byId[entry.EventId] = entry;
    }

    private void Trim()
    {
        var excess = _entries.Count - _capacity;
        if (excess <= 0)
        {
            return;
        }

        for (var i = 0; i < excess; i++)
        {
            _byId.Remove(_entries[i].EventId);
            _floor = _entries[i].Position;
        }

        _entries.RemoveRange(0, excess);
    }

    /// <summary>One counted event.</summary>
    internal sealed class Entry
    {
        public required string EventId { get; init; }

        public required string Sender { get; init; }

        /// <summary>The type in the room (<c>m.room.encrypted</c> for an encrypted message).</summary>
        public required string WireType { get; init; }

        /// <summary>The relation in the clear content (what the room read filters on).</summary>
        public string? RelType { get; init; }

        public string? RelEventId { get; init; }

        /// <summary>The readable content, or null.</summary>
        public JsonElement? Content { get; init; }

        public long Ts { get; init; }

        public long Position { get; set; }

        /// <summary>Its text could not be read: a window holding it is answered by the room.</summary>
        public bool Unreadable { get; init; }

        /// <summary>Its latest text is not known for sure: a window holding it is answered by the room.</summary>
        public bool Unknown { get; set; }

        public bool Redacted { get; set; }

        public List<Edit>? Edits { get; set; }

        /// <summary>The content as the room's bundled latest edit shows it (RoomGrain.Relations: the latest by
        /// <c>origin_server_ts</c>, then event ID, from the original sender with the original type; none once redacted),
        /// or null when it has no text.</summary>
        public JsonElement? LatestContent()
        {
            if (Redacted)
            {
                return null;
            }

            Edit? latest = null;
            foreach (var edit in Edits ?? [])
            {
                if (edit.Sender == Sender && edit.WireType == WireType
                    && (latest is null || edit.Ts > latest.Ts || (edit.Ts == latest.Ts && string.CompareOrdinal(edit.EventId, latest.EventId) > 0)))
                {
                    latest = edit;
                }
            }

            return latest?.Content is { ValueKind: JsonValueKind.Object } editContent
                && editContent.TryGetProperty("m.new_content", out var newContent) && newContent.ValueKind == JsonValueKind.Object
                    ? newContent
                    : Content;
        }

        /// <summary>Whether the latest edit is unreadable (the room read might still read it).</summary>
        public bool HasUnreadableEdit => Edits?.Exists(e => e.Content is null && e.Sender == Sender && e.WireType == WireType) == true;
    }

    /// <summary>An edit of an entry; <paramref name="Bundled"/> when it came as the room read's bundled latest edit.</summary>
    internal sealed record Edit(string EventId, string Sender, string WireType, long Ts, JsonElement? Content, bool Bundled);
}
