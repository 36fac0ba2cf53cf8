namespace ClawChat.Runtime.Storage;

/// <summary>The state, version and existence of one grain state record, as exchanged with a storage provider.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>Storage provider SPI (SQLite, PostgreSQL; in-memory for unit tests). Implementations must
/// throw <see cref="InconsistentStateException"/> when a write or clear carries a stale ETag:
/// a null ETag means "no record expected", so an existing record is a conflict.</summary>
public interface IGrainStorage
{
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);
}
