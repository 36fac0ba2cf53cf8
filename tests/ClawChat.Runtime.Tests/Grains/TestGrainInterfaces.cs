using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    [ReadOnly]
    Task<int> GetAsync();

    Task SaveAsync();

    Task<int> GetActivationCountAsync();
}

/// <summary>Records the order in which requests start and end, to check turn-based execution.</summary>
public interface ISequenceGrain : IGrainWithStringKey
{
    Task RunAsync(string name, int delayMs);

    [ReadOnly]
    Task ReadAsync(string name, int delayMs);

    [AlwaysInterleave]
    Task InterleaveAsync(string name, int delayMs);

    [AlwaysInterleave]
    Task<string[]> GetLogAsync();

    [AlwaysInterleave]
    Task<int> GetMaxConcurrencyAsync();
}

public interface IReentrantSequenceGrain : ISequenceGrain
{
}

public interface IPingPongGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="other"/>.PingBack, which calls this grain's PongAsync.</summary>
    Task<string> StartAsync(string other, bool allowChainReentrancy);

    Task<string> PingBackAsync(string caller);

    Task<string> PongAsync();
}

public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowAsync(string message);

    Task<int> ThrowSynchronously(string message);

    Task<int> HangAsync(int milliseconds);

    [ResponseTimeout("00:00:00.200")]
    Task<int> HangWithShortTimeoutAsync(int milliseconds);

    Task<bool> WaitForCancellationAsync(CancellationToken cancellationToken);

    [ResponseTimeout("00:00:00.300")]
    Task<bool> WaitForDeadlineAsync(CancellationToken cancellationToken);
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimerAsync(int periodMs);

    [AlwaysInterleave]
    Task<int> GetTicksAsync();
}

public interface IDocumentGrain : IGrainWithStringKey
{
    Task<string?> GetAsync();

    Task SetAsync(string value, bool write);

    Task DeactivateAsync();
}

public interface IWaiter : IGrainObserver
{
    [OneWay]
    Task WakeAsync(string message);
}

public interface INotifierGrain : IGrainWithStringKey
{
    Task SubscribeAsync(IWaiter waiter);

    Task PublishAsync(string message);
}
