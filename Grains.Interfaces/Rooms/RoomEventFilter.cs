namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>The parts of a RoomEventFilter (DIGEST §7) that <c>/messages</c> and <c>/context</c> apply.
/// <c>not_*</c> lists win over the positive lists; <c>*</c> in a type is a wildcard.</summary>
public sealed record RoomEventFilter(
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<string>? NotTypes = null,
    IReadOnlyList<string>? Senders = null,
    IReadOnlyList<string>? NotSenders = null,
    bool? ContainsUrl = null,
    bool LazyLoadMembers = false,
    int? Limit = null)
{
    public static RoomEventFilter None { get; } = new();
}
