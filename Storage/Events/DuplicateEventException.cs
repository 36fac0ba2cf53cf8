namespace ClawChat.Storage.Events;

/// <summary>An appended event's id is already stored (in any stream) or repeats within the batch.
/// Nothing from the batch was written.</summary>
public sealed class DuplicateEventException : Exception
{
    public DuplicateEventException()
    {
    }

    public DuplicateEventException(string message)
        : base(message)
    {
    }

    public DuplicateEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The duplicate id, when known.</summary>
    public string? EventId { get; init; }

    internal static DuplicateEventException For(string? eventId, Exception? innerException) =>
        new($"Event '{eventId ?? "<unknown>"}' is already stored.", innerException!) { EventId = eventId };
}
