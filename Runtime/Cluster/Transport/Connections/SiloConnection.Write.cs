using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Transport.Connections;

internal sealed partial class SiloConnection
{
    /// <summary>Flush at least this often while the queue stays busy, so bytes start moving (and pipe buffers stay
    /// small) without giving up the batching that flushing only on an empty queue brings.</summary>
    private const int FlushThreshold = 64 * 1024;

    private async Task WriteLoopAsync()
    {
        // Start off the caller's stack: RunAsync is called inline by accept/dial.
        await Task.Yield();
        var output = _pipe.Output;
        var reader = _queue.Reader;
        Exception reason = new SiloUnavailableException($"The connection to silo {RemoteSilo} was closed locally.");
        try
        {
            while (true)
            {
                var unflushed = 0;
                while (TryDequeue(out var frame))
                {
                    ClusterMessageCodec.Write(output, frame.Message!, frame.HeaderLength);
                    unflushed += frame.Size;
                    if (unflushed >= FlushThreshold)
                    {
                        unflushed = 0;
                        if (!await FlushAsync(output).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                }

                if (unflushed > 0 && !await FlushAsync(output).ConfigureAwait(false))
                {
                    return;
                }

                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    // Completed (graceful close or Close): everything queued before completion was written.
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (IsClosed)
        {
        }
        catch (Exception ex)
        {
            if (!IsClosed)
            {
                Log.WriteFailed(_logger, this, ex);
            }

            reason = ex;
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
            Close(reason);
        }
    }

    /// <summary>Pongs and probes first, then data; wake-up frames are skipped. Data frames leave the byte count as
    /// they are taken, so a caller is refused only for bytes really still waiting.</summary>
    private bool TryDequeue(out OutgoingFrame frame)
    {
        if (_priority.TryDequeue(out var urgent))
        {
            Interlocked.Decrement(ref _priorityCount);
            var size = ClusterMessageCodec.Measure(urgent, out var headerLength);
            frame = new OutgoingFrame(urgent, headerLength, size);
            return true;
        }

        while (_queue.Reader.TryRead(out frame))
        {
            if (frame.Message is not null)
            {
                Interlocked.Add(ref _queuedBytes, -frame.Size);
                return true;
            }
        }

        return false;
    }

    private static async ValueTask<bool> FlushAsync(System.IO.Pipelines.PipeWriter output)
    {
        var result = await output.FlushAsync().ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
