namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

public sealed class FakePersistentState<TState> : IPersistentState<TState>
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag => null;

    public bool RecordExists => false;

    public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
