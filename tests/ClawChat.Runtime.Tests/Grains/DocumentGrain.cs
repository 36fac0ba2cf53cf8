using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public sealed class DocumentState
{
    public string? Value { get; set; }
}

public sealed class DocumentGrain : Grain, IDocumentGrain
{
    private readonly IPersistentState<DocumentState> _state;

    public DocumentGrain([PersistentState("document")] IPersistentState<DocumentState> state)
    {
        _state = state;
    }

    public Task<string?> GetAsync() => Task.FromResult(_state.State.Value);

    public async Task SetAsync(string value, bool write)
    {
        _state.State.Value = value;
        if (write)
        {
            await _state.WriteStateAsync();
        }
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
