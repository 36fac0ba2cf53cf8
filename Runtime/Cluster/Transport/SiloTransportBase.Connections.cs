using System.IO.Pipelines;
using ClawChat.Runtime.Cluster.Transport.Connections;
using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Transport;

public abstract partial class SiloTransportBase
{
    /// <summary>Opens the outbound connection to <paramref name="target"/>: stream, our preamble, theirs, within
    /// <see cref="SiloTransportOptions.ConnectTimeout"/>. Every failure is a <see cref="SiloUnavailableException"/>.</summary>
    internal async Task<SiloConnection> DialAsync(SiloAddress target, CancellationToken abandoned)
    {
        using var connectTimeout = new CancellationTokenSource(Options.ConnectTimeout, Time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(StoppingToken, abandoned, connectTimeout.Token);
        SiloPipe? pipe = null;
        try
        {
            pipe = await OpenPipeAsync(target, timeout.Token).ConfigureAwait(false);
            new ConnectionPreamble(ConnectionPreamble.CurrentVersion, ClusterId, LocalSilo, target).Write(pipe.Output);
            await pipe.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
            var reply = await ReadPreambleAsync(pipe.Input, timeout.Token).ConfigureAwait(false)
                ?? throw new SiloUnavailableException(
                    $"Silo {target} closed the connection during the handshake (another generation at that address, another cluster, or not running).");
            if (reply.Version != ConnectionPreamble.CurrentVersion || reply.ClusterId != ClusterId || reply.Sender.Generation != target.Generation)
            {
                throw new SiloUnavailableException(
                    $"The silo at {target.Host}:{target.Port} is {reply.Sender} in cluster '{reply.ClusterId}' (protocol {reply.Version}), not {target} in '{ClusterId}'.");
            }
        }
        catch (Exception ex)
        {
            if (pipe is not null)
            {
                pipe.Abort(ex);
                await pipe.DisposeAsync().ConfigureAwait(false);
            }

            var failure = ex switch
            {
                SiloUnavailableException unavailable => unavailable,
                OperationCanceledException when StoppingToken.IsCancellationRequested =>
                    new SiloUnavailableException($"The silo-to-silo transport of {LocalSilo} is stopping."),
                OperationCanceledException when abandoned.IsCancellationRequested =>
                    new SiloUnavailableException($"Silo {target} was declared dead."),
                OperationCanceledException =>
                    new SiloUnavailableException($"Could not connect to silo {target} within {Options.ConnectTimeout.TotalMilliseconds} ms.", ex),
                _ => new SiloUnavailableException($"Could not connect to silo {target}: {ex.Message}", ex),
            };
            Log.DialFailed(Logger, target, failure.Message);
            throw failure;
        }

        var connection = new SiloConnection(this, pipe, target, isOutbound: true);
        if (Register(connection))
        {
            Log.Connected(Logger, target);
        }

        _ = RunOutboundAsync(connection, pipe);
        return connection;
    }

    /// <summary>Serves one inbound stream until it closes: checks the peer's preamble, answers with ours, then runs
    /// the connection. Returns when the connection is over (Kestrel closes the socket then).</summary>
    internal async Task AcceptAsync(SiloPipe pipe)
    {
        SiloConnection? connection = null;
        try
        {
            if (!IsRunning)
            {
                Log.Refused(Logger, pipe.RemoteEndPoint, $"the transport of {LocalSilo} is not running");
                return;
            }

            using var handshakeTimeout = new CancellationTokenSource(Options.ConnectTimeout, Time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(StoppingToken, handshakeTimeout.Token);
            var preamble = await ReadPreambleAsync(pipe.Input, timeout.Token).ConfigureAwait(false);
            if (preamble is null)
            {
                return;
            }

            if (CheckPreamble(preamble) is { } reason)
            {
                Log.Refused(Logger, pipe.RemoteEndPoint, reason);
                return;
            }

            new ConnectionPreamble(ConnectionPreamble.CurrentVersion, ClusterId, LocalSilo, preamble.Sender).Write(pipe.Output);
            await pipe.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
            connection = new SiloConnection(this, pipe, preamble.Sender, isOutbound: false);
            if (!Register(connection))
            {
                return;
            }

            Log.Accepted(Logger, preamble.Sender, pipe.RemoteEndPoint);
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The boundary of an inbound connection: nothing here may escape into Kestrel.
            Log.HandshakeFailed(Logger, pipe.RemoteEndPoint, ex);
        }
        finally
        {
            if (connection is not null)
            {
                _connections.TryRemove(connection, out _);
            }

            await pipe.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Called once by each connection as it closes.</summary>
    internal void OnConnectionClosed(SiloConnection connection, Exception reason)
    {
        _connections.TryRemove(connection, out _);
        Log.ConnectionClosed(Logger, connection.ToString(), reason.Message);
    }

    /// <summary>Why the peer behind <paramref name="preamble"/> may not talk to us, or null.</summary>
    private string? CheckPreamble(ConnectionPreamble preamble)
    {
        if (preamble.Version != ConnectionPreamble.CurrentVersion)
        {
            return $"protocol version {preamble.Version}; this silo speaks {ConnectionPreamble.CurrentVersion}";
        }

        if (!string.Equals(preamble.ClusterId, ClusterId, StringComparison.Ordinal))
        {
            return $"{preamble.Sender} is in cluster '{preamble.ClusterId}'; this silo is in '{ClusterId}'";
        }

        if (preamble.ExpectedReceiver.Generation != LocalSilo.Generation)
        {
            return $"{preamble.Sender} expects {preamble.ExpectedReceiver}, but this silo is {LocalSilo} (stale address)";
        }

        return IsDead(preamble.Sender) ? $"{preamble.Sender} was declared dead" : null;
    }

    /// <summary>Adds a new connection unless the transport stopped or the peer died meanwhile (then closes it).</summary>
    private bool Register(SiloConnection connection)
    {
        _connections[connection] = 0;

        // Pairs with the fences in StopAsync and OnSiloDead: either they see this connection, or this sees them.
        Interlocked.MemoryBarrier();
        if (!IsRunning)
        {
            connection.Close(new SiloUnavailableException($"The silo-to-silo transport of {LocalSilo} is stopping."));
            return false;
        }

        if (IsDead(connection.RemoteSilo))
        {
            connection.Close(new SiloUnavailableException($"Silo {connection.RemoteSilo} was declared dead."));
            return false;
        }

        return true;
    }

    private async Task RunOutboundAsync(SiloConnection connection, SiloPipe pipe)
    {
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            await pipe.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Null when the peer closed before a whole preamble arrived.</summary>
    private static async Task<ConnectionPreamble?> ReadPreambleAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (ConnectionPreamble.TryRead(ref buffer, out var preamble))
            {
                input.AdvanceTo(buffer.Start);
                return preamble;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
