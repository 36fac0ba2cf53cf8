using System.Text.Json;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// In-memory index of the room's relations (DIGEST §3.6): parent event → its children in stream order, and
/// child → its relation. Fed by every appended (or replayed) non-state event with a well-formed
/// <c>content["m.relates_to"]</c> (<c>rel_type</c> and <c>event_id</c> strings); a redacted child loses its
/// <c>m.relates_to</c> (DIGEST §3.4), so redaction removes it. Lookups are O(children of one parent).
/// </summary>
internal sealed class RoomRelations
{
    private static readonly List<RelationRecord> NoChildren = [];

    private readonly Dictionary<string, List<RelationRecord>> _byParent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RelationRecord> _byChild = new(StringComparer.Ordinal);

    public RoomRelations(IEnumerable<RelationRecord>? records = null)
    {
        foreach (var record in records ?? [])
        {
            Add(record);
        }
    }

    /// <summary>Changed since the last <see cref="Snapshot"/>.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>Parents that have at least one <c>m.thread</c> child.</summary>
    public IEnumerable<string> ThreadRoots =>
        _byParent.Where(p => p.Value.Exists(r => r.RelType == RelationTypes.Thread)).Select(p => p.Key);

    /// <summary>The relation an event's content declares, or null when it has none (or is a state event).</summary>
    public static RelationRecord? Parse(TimelineEntry entry)
    {
        var pdu = entry.Pdu;
        if (pdu.IsState
            || pdu.Content.ValueKind != JsonValueKind.Object
            || !pdu.Content.TryGetProperty("m.relates_to", out var relatesTo)
            || relatesTo.ValueKind != JsonValueKind.Object
            || ReadString(relatesTo, "rel_type") is not { } relType
            || ReadString(relatesTo, "event_id") is not { Length: > 0 } parentId
            || string.Equals(parentId, pdu.EventId, StringComparison.Ordinal))
        {
            return null;
        }

        return new RelationRecord(pdu.EventId, parentId, relType, pdu.Type, pdu.Sender, entry.Position, pdu.OriginServerTs, ReadString(relatesTo, "key"));
    }

    /// <summary>Indexes the entry's relation, if any; replays of an indexed event are ignored.</summary>
    public void Record(TimelineEntry entry)
    {
        if (Parse(entry) is { } record && !_byChild.ContainsKey(record.EventId))
        {
            Add(record);
            IsDirty = true;
        }
    }

    /// <summary>Drops the relation of a redacted child.</summary>
    public void Remove(string childEventId)
    {
        if (_byChild.Remove(childEventId, out var record) && _byParent.TryGetValue(record.ParentId, out var siblings))
        {
            siblings.Remove(record);
            if (siblings.Count == 0)
            {
                _byParent.Remove(record.ParentId);
            }

            IsDirty = true;
        }
    }

    public bool HasChildren(string parentId) => _byParent.ContainsKey(parentId);

    /// <summary>The parent's children, oldest first.</summary>
    public IReadOnlyList<RelationRecord> ChildrenOf(string parentId) =>
        _byParent.TryGetValue(parentId, out var children) ? children : NoChildren;

    /// <summary>The relation <paramref name="eventId"/> declares, or null.</summary>
    public RelationRecord? RelationOf(string eventId) => _byChild.TryGetValue(eventId, out var record) ? record : null;

    /// <summary>Whether <paramref name="sender"/> already annotated the parent with this key and event type
    /// (DIGEST §3.5: a duplicate reaction is M_DUPLICATE_ANNOTATION).</summary>
    public bool HasAnnotation(string parentId, string sender, string eventType, string key) =>
        ChildrenOf(parentId).Any(r => r.RelType == RelationTypes.Annotation
            && string.Equals(r.Sender, sender, StringComparison.Ordinal)
            && string.Equals(r.EventType, eventType, StringComparison.Ordinal)
            && string.Equals(r.Key, key, StringComparison.Ordinal));

    /// <summary>Every relation in stream order; clears <see cref="IsDirty"/>.</summary>
    public List<RelationRecord> Snapshot()
    {
        IsDirty = false;
        return [.. _byChild.Values.OrderBy(r => r.Position)];
    }

    private void Add(RelationRecord record)
    {
        if (!_byChild.TryAdd(record.EventId, record))
        {
            return;
        }

        if (!_byParent.TryGetValue(record.ParentId, out var children))
        {
            children = [];
            _byParent.Add(record.ParentId, children);
        }

        // Appends arrive in stream order; a replay after a restart may re-insert older positions.
        var index = children.Count;
        while (index > 0 && children[index - 1].Position > record.Position)
        {
            index--;
        }

        children.Insert(index, record);
    }

    private static string? ReadString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
