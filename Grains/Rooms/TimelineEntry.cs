using System.Text.Json;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// An event of the room's timeline with what the server recorded about it when it was appended: its stream
/// position, the transaction that produced it (for <c>unsigned.transaction_id</c>) and, for state events, the
/// event it replaced (for <c>unsigned.prev_content</c>/<c>replaces_state</c>, and to walk back to the state at
/// an earlier position).
/// </summary>
internal sealed class TimelineEntry
{
    public required long Position { get; init; }

    public required Pdu Pdu { get; init; }

    public string? TxnDeviceId { get; init; }

    public string? TxnId { get; init; }

    public string? ReplacesState { get; init; }

    public JsonElement? PrevContent { get; init; }

    public string? PrevSender { get; init; }

    public string EventId => Pdu.EventId;

    /// <summary>The same entry with another PDU (the redacted form, for the state map).</summary>
    public TimelineEntry WithPdu(Pdu pdu) => new()
    {
        Position = Position,
        Pdu = pdu,
        TxnDeviceId = TxnDeviceId,
        TxnId = TxnId,
        ReplacesState = ReplacesState,
        PrevContent = PrevContent,
        PrevSender = PrevSender,
    };
}
