using ClawChat.Runtime;

namespace ClawChat.Benchmarks.Runtime;

public interface IPingGrain : IGrainWithStringKey
{
    ValueTask<int> PingAsync(int value);

    Task<int> PingTaskAsync(int value);

    /// <summary>Calls <paramref name="other"/> and returns its answer (a grain-to-grain call).</summary>
    Task<int> RelayAsync(string other, int value);

    /// <summary>The silo hosting this activation.</summary>
    Task<string> WhereAsync();
}

/// <summary>A grain with no fields of its own: its size is the Grain base (header + one reference).</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> PingAsync(int value) => new(value + 1);

    public Task<int> PingTaskAsync(int value) => Task.FromResult(value + 1);

    public Task<int> RelayAsync(string other, int value) => GrainFactory.GetGrain<IPingGrain>(other).PingTaskAsync(value);

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}
