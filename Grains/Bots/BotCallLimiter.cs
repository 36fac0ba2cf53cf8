using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots;

/// <summary>The cap on concurrent model calls per silo (<see cref="BotLimitsOptions.MaxConcurrentCalls"/>): a slow
/// model or a busy room cannot take every connection; a prompt waits at most
/// <see cref="BotLimitsOptions.ConcurrencyWait"/> for a slot.</summary>
public sealed class BotCallLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _wait;

    public BotCallLimiter(IOptions<BotsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.BotLimits;
        Capacity = limits.MaxConcurrentCalls;
        _slots = new SemaphoreSlim(Capacity, Capacity);
        _wait = limits.ConcurrencyWait;
    }

    /// <summary>Model calls running now.</summary>
    public int InUse => Capacity - _slots.CurrentCount;

    public int Capacity { get; }

    /// <summary>A slot (dispose to release), or null when none freed up within the wait.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        return await _slots.WaitAsync(_wait, cancellationToken) ? new Slot(_slots) : null;
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
