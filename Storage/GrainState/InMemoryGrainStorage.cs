using ClawChat.Runtime;
using ClawChat.Runtime.Storage;

namespace ClawChat.Storage.GrainState;

/// <summary>Process-local grain storage for unit tests, with the same ETag rules as the SQL providers.
/// Documents are kept serialized so a grain never shares an object graph with the store.</summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string Type, string Key, string Name), (long Version, string Json)> _records = [];
    private readonly Lock _lock = new();
    private readonly GrainStorageOptions _options;

    public InMemoryGrainStorage()
        : this(new GrainStorageOptions())
    {
    }

    public InMemoryGrainStorage(GrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        cancellationToken.ThrowIfCancellationRequested();
        (long Version, string Json) record;
        bool found;
        lock (_lock)
        {
            found = _records.TryGetValue(KeyOf(stateName, grainId), out record);
        }

        grainState.State = found
            ? GrainStateSerializer.Deserialize<TState>(record.Json, _options.SerializerOptions)
            : GrainStateSerializer.CreateDefault<TState>();
        grainState.ETag = found ? GrainStateEtag.Format(record.Version) : null;
        grainState.RecordExists = found;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        cancellationToken.ThrowIfCancellationRequested();
        var json = GrainStateSerializer.Serialize(grainState.State, _options.SerializerOptions);
        var key = KeyOf(stateName, grainId);
        long newVersion;
        lock (_lock)
        {
            var found = _records.TryGetValue(key, out var record);
            if (grainState.ETag is null)
            {
                if (found)
                {
                    throw GrainStateEtag.Conflict(grainId, stateName, record.Version, null);
                }

                newVersion = 1;
            }
            else
            {
                var expected = GrainStateEtag.Parse(grainState.ETag, grainId, stateName);
                if (!found || record.Version != expected)
                {
                    throw GrainStateEtag.Conflict(grainId, stateName, found ? record.Version : null, grainState.ETag);
                }

                newVersion = expected + 1;
            }

            _records[key] = (newVersion, json);
        }

        grainState.ETag = GrainStateEtag.Format(newVersion);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(stateName, grainId);
        lock (_lock)
        {
            var found = _records.TryGetValue(key, out var record);
            if (grainState.ETag is null)
            {
                if (found)
                {
                    throw GrainStateEtag.Conflict(grainId, stateName, record.Version, null);
                }
            }
            else
            {
                var expected = GrainStateEtag.Parse(grainState.ETag, grainId, stateName);
                if (!found || record.Version != expected)
                {
                    throw GrainStateEtag.Conflict(grainId, stateName, found ? record.Version : null, grainState.ETag);
                }

                _records.Remove(key);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static (string, string, string) KeyOf(string stateName, GrainId grainId) => (grainId.Type.Name, grainId.Key, stateName);
}
