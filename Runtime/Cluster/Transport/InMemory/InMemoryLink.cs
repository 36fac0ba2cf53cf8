using System.Buffers;
using System.IO.Pipelines;
using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Transport.InMemory;

/// <summary>One direction of an in-memory connection: the sender writes into one pipe, a pump moves whole units
/// (the preamble, then frames) into the pipe the receiver reads, consulting the network's fault matrix for each:
/// pass, hold while partitioned, drop, or delay. Working on whole units keeps the stream well-formed whatever
/// faults are injected.</summary>
internal sealed class InMemoryLink
{
    /// <summary>Pipe thresholds like a socket's buffers: a receiver that stops reading stalls the sender soon.</summary>
    private static readonly PipeOptions PipeOptions = new(
        pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false);

    private readonly InMemoryNetwork _network;
    private readonly Pipe _ingress = new(PipeOptions);
    private readonly Pipe _egress = new(PipeOptions);
    private readonly CancellationTokenSource _aborted = new();
    private Exception? _abortReason;

    public InMemoryLink(InMemoryNetwork network, SiloAddress from, SiloAddress to)
    {
        _network = network;
        From = from;
        To = to;
    }

    public SiloAddress From { get; }

    public SiloAddress To { get; }

    /// <summary>The sender's end.</summary>
    public PipeWriter Writer => _ingress.Writer;

    /// <summary>The receiver's end.</summary>
    public PipeReader Reader => _egress.Reader;

    public void Start() => _ = PumpAsync();

    /// <summary>Like a reset: the receiver's reads fail with <paramref name="reason"/>, the sender's flushes report completion.</summary>
    public void Abort(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null)
        {
            return;
        }

        _aborted.Cancel();
        _ingress.Reader.CancelPendingRead();
        _egress.Writer.CancelPendingFlush();
    }

    private async Task PumpAsync()
    {
        var reader = _ingress.Reader;
        var writer = _egress.Writer;
        var preambleSeen = false;
        Exception? error = null;
        try
        {
            while (Volatile.Read(ref _abortReason) is null)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var open = true;
                try
                {
                    var forwarded = false;
                    while (open && TryTakeUnit(ref buffer, ref preambleSeen, out var unit))
                    {
                        var fault = await _network.WaitUntilPassableAsync(From, To, _aborted.Token).ConfigureAwait(false);
                        if (fault.IsNone)
                        {
                            // The common case: batch everything at hand into one flush, as a socket would.
                            Copy(unit, writer);
                            forwarded = true;
                            continue;
                        }

                        if (forwarded)
                        {
                            open = await FlushAsync(writer).ConfigureAwait(false);
                            forwarded = false;
                        }

                        open = open && await ForwardFaultyAsync(unit, fault, writer).ConfigureAwait(false);
                    }

                    if (open && forwarded)
                    {
                        open = await FlushAsync(writer).ConfigureAwait(false);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (!open || result.IsCanceled || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_abortReason is not null)
        {
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            var reason = Volatile.Read(ref _abortReason) ?? error;
            await reader.CompleteAsync(reason).ConfigureAwait(false);
            await writer.CompleteAsync(reason).ConfigureAwait(false);
            _network.OnLinkClosed(this);
        }
    }

    /// <returns>False when the receiver is gone or the link was aborted.</returns>
    private async ValueTask<bool> ForwardFaultyAsync(ReadOnlySequence<byte> unit, LinkFault fault, PipeWriter writer)
    {
        if (fault.Drop)
        {
            return true;
        }

        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, _aborted.Token).ConfigureAwait(false);
        }

        Copy(unit, writer);
        return await FlushAsync(writer).ConfigureAwait(false);
    }

    private static void Copy(ReadOnlySequence<byte> unit, PipeWriter writer)
    {
        foreach (var segment in unit)
        {
            writer.Write(segment.Span);
        }
    }

    private static async ValueTask<bool> FlushAsync(PipeWriter writer)
    {
        var flush = await writer.FlushAsync().ConfigureAwait(false);
        return !flush.IsCompleted && !flush.IsCanceled;
    }

    private static bool TryTakeUnit(ref ReadOnlySequence<byte> buffer, ref bool preambleSeen, out ReadOnlySequence<byte> unit)
    {
        unit = default;
        int length;
        if (!preambleSeen)
        {
            if (!ConnectionPreamble.TryReadLength(buffer, out length))
            {
                return false;
            }
        }
        else if (ClusterMessageCodec.TryReadFrameLength(buffer, out var frameLength))
        {
            length = sizeof(uint) + frameLength;
        }
        else
        {
            return false;
        }

        if (buffer.Length < length)
        {
            return false;
        }

        preambleSeen = true;
        unit = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return true;
    }
}
