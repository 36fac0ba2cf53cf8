using ClawChat.Runtime.Cluster.Transport.Connections;

namespace ClawChat.Runtime.Cluster.Transport;

public abstract partial class SiloTransportBase
{
    /// <inheritdoc/>
    /// <remarks>Death is per incarnation: sends to <paramref name="silo"/> and to any older generation at its host
    /// and port are refused for good, while a newer generation there (the restarted process) is a new member and
    /// reachable as soon as it appears. Inbound connections from a dead incarnation are refused too.</remarks>
    public void OnSiloDead(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        _deadGenerations.AddOrUpdate((silo.Host, silo.Port), static (_, generation) => generation, static (_, known, generation) => Math.Max(known, generation), silo.Generation);

        // Pairs with the fence in Register: a connection registered concurrently either is seen here or sees the mark.
        Interlocked.MemoryBarrier();
        Log.SiloDead(Logger, silo);
        foreach (var (address, _) in _peers)
        {
            if (IsDead(address) && _peers.TryRemove(address, out var peer))
            {
                peer.Abandon();
            }
        }

        var reason = new SiloUnavailableException($"Silo {silo} was declared dead.");
        foreach (var (connection, _) in _connections)
        {
            if (IsDead(connection.RemoteSilo))
            {
                connection.Close(reason);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>New sends are refused (NotActive) and new connections refused at once. Then, for at most
    /// <see cref="SiloTransportOptions.DrainTimeout"/> or until <paramref name="cancellationToken"/> is cancelled
    /// (a cancelled token means "close now"), received requests finish and their responses are flushed and calls we
    /// sent get their answers. Whatever is left then fails with <see cref="SiloUnavailableException"/>.</remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var previous = Interlocked.CompareExchange(ref _state, Stopping, Started);
        if (previous != Started)
        {
            if (previous == Created && Interlocked.CompareExchange(ref _state, Stopped, Created) == Created)
            {
                try
                {
                    await OnStoppedAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _stopped.TrySetResult();
                }
            }

            // A second caller (DisposeAsync during StopAsync) returns when the first one is done.
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        Interlocked.MemoryBarrier();
        var drainUntil = Environment.TickCount64 + (long)Options.DrainTimeout.TotalMilliseconds;
        Log.Stopping(Logger, LocalSilo, (long)Options.DrainTimeout.TotalMilliseconds);
        try
        {
            // Shutdown polls (a few ms apart) rather than wiring a signal through every connection: it runs once.
            while (!cancellationToken.IsCancellationRequested && Environment.TickCount64 < drainUntil && !AllIdle())
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }

            var flushBudget = TimeSpan.FromMilliseconds(Math.Max(0, drainUntil - Environment.TickCount64));
            if (!cancellationToken.IsCancellationRequested && flushBudget > TimeSpan.Zero)
            {
                var closing = new List<Task>();
                foreach (var (connection, _) in _connections)
                {
                    closing.Add(connection.CloseGracefullyAsync(flushBudget));
                }

                await Task.WhenAll(closing).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Asked to stop now: close below.
        }

        var remaining = _connections.Count;
        var reason = new SiloUnavailableException($"The silo-to-silo transport of {LocalSilo} stopped.");
        foreach (var (connection, _) in _connections)
        {
            connection.Close(reason);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_deadlineTimer is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await OnStoppedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _state, Stopped);
            Log.Stopped(Logger, LocalSilo, remaining);
            _stopped.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The stopping source stays undisposed: late continuations may still read its token, and it holds no timer.
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>True when <paramref name="silo"/> or a newer generation at its host and port was declared dead.</summary>
    private bool IsDead(SiloAddress silo) =>
        _deadGenerations.TryGetValue((silo.Host, silo.Port), out var dead) && silo.Generation <= dead;

    private bool AllIdle()
    {
        foreach (var (connection, _) in _connections)
        {
            if (!connection.IsIdle)
            {
                return false;
            }
        }

        return true;
    }
}
