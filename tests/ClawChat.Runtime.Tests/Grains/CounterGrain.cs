using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly IPersistentState<CounterState> _state;
    private readonly ActivationTracker _tracker;

    public CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, ActivationTracker tracker)
    {
        _state = state;
        _tracker = tracker;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tracker.Activated(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Graceful shutdown and idle collection persist the latest value.
        await _state.WriteStateAsync(cancellationToken);
        _tracker.Deactivated(GetPrimaryKeyString());
    }

    public Task<int> AddAsync(int amount)
    {
        _state.State.Value += amount;
        return Task.FromResult(_state.State.Value);
    }

    public Task<int> GetAsync() => Task.FromResult(_state.State.Value);

    public Task SaveAsync() => _state.WriteStateAsync();

    public Task<int> GetActivationCountAsync() => Task.FromResult(_tracker.Activations(GetPrimaryKeyString()));
}
