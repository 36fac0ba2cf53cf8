namespace ClawChat.Runtime.Storage;

/// <summary>A plain <see cref="IGrainState{TState}"/>.</summary>
public sealed class GrainStateRecord<TState> : IGrainState<TState>
{
    public GrainStateRecord(TState state)
    {
        State = state;
    }

    public TState State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
