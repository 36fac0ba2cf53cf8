namespace ClawChat.Grains.Rooms;

/// <summary>One indexed relation (DIGEST §3.6): the child event <paramref name="EventId"/> relates to
/// <paramref name="ParentId"/> with <paramref name="RelType"/>. <paramref name="Key"/> is an annotation's key.</summary>
public sealed record RelationRecord(
    string EventId,
    string ParentId,
    string RelType,
    string EventType,
    string Sender,
    long Position,
    long OriginServerTs,
    string? Key);
