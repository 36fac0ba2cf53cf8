using ClawChat.Runtime;

namespace ClawChat.Runtime.Cluster.Tests.Cluster;

public interface IClusterCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds and persists before answering: an acknowledged add is durable.</summary>
    Task<int> AddAsync(int amount);

    [ReadOnly]
    Task<int> GetAsync();

    [AlwaysInterleave]
    Task<string> GetSiloAsync();
}

public interface IClusterWaiter : IGrainObserver
{
    [OneWay]
    Task WakeAsync(string message, string fromSilo);
}

public interface IClusterNotifierGrain : IGrainWithStringKey
{
    Task SubscribeAsync(IClusterWaiter waiter);

    Task<string> PublishAsync(string message);
}

public sealed class ClusterCounterState
{
    public int Value { get; set; }
}

public sealed class ClusterCounterGrain([PersistentState("counter")] IPersistentState<ClusterCounterState> state) : Grain, IClusterCounterGrain
{
    public async Task<int> AddAsync(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task<string> GetSiloAsync() => Task.FromResult(RuntimeIdentity);
}

public sealed class ClusterNotifierGrain : Grain, IClusterNotifierGrain
{
    private readonly List<IClusterWaiter> _waiters = [];

    public Task SubscribeAsync(IClusterWaiter waiter)
    {
        _waiters.Add(waiter);
        return Task.CompletedTask;
    }

    public Task<string> PublishAsync(string message)
    {
        foreach (var waiter in _waiters)
        {
            waiter.WakeAsync(message, RuntimeIdentity);
        }

        return Task.FromResult(RuntimeIdentity);
    }
}
