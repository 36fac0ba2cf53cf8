using System.Buffers;
using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Transport.Connections;

internal sealed partial class SiloConnection
{
    /// <summary>Frames above this size are assembled into their own array as bytes arrive instead of waiting for the
    /// whole frame in the pipe: pipes pause their writer at a threshold (64 KiB in-memory, 1 MiB in Kestrel), so
    /// waiting for a 4 MiB frame without consuming would wait forever. The array then backs the body (no copy).</summary>
    private const int AssembleAbove = 32 * 1024;

    private byte[]? _assembly;
    private int _assemblyLength;
    private int _assembled;

    private async Task ReadLoopAsync()
    {
        var input = _pipe.Input;
        Exception reason = new SiloUnavailableException($"Silo {RemoteSilo} closed the connection.");
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                ClusterMessage? blocked = null;
                try
                {
                    while (!IsClosed && TryReadNext(ref buffer, out var message))
                    {
                        if (!TryDeliver(message))
                        {
                            blocked = message;
                            break;
                        }
                    }
                }
                finally
                {
                    // When a request waits for a handler slot the rest stays unexamined, so the next read returns
                    // it at once instead of waiting for new bytes.
                    input.AdvanceTo(buffer.Start, blocked is null ? buffer.End : buffer.Start);
                }

                if (blocked is not null)
                {
                    await _requestSlots.WaitAsync(_closing.Token).ConfigureAwait(false);
                    Dispatch(blocked);
                    continue;
                }

                if (result.IsCanceled || IsClosed)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty || _assembly is not null)
                    {
                        reason = new SiloUnavailableException($"Silo {RemoteSilo} closed the connection in the middle of a frame.");
                    }

                    break;
                }
            }
        }
        catch (ClusterProtocolException ex)
        {
            Log.ProtocolError(_logger, this, ex);
            reason = ex;
        }
        catch (OperationCanceledException) when (IsClosed)
        {
        }
        catch (Exception ex)
        {
            reason = ex;
        }
        finally
        {
            _assembly = null;
            await input.CompleteAsync().ConfigureAwait(false);
            Close(reason);
        }
    }

    private bool TryReadNext(ref ReadOnlySequence<byte> buffer, out ClusterMessage message)
    {
        message = null!;
        if (_assembly is not null)
        {
            return ContinueAssembly(ref buffer, out message);
        }

        if (!ClusterMessageCodec.TryReadFrameLength(buffer, out var frameLength))
        {
            return false;
        }

        if (buffer.Length >= sizeof(uint) + frameLength)
        {
            return ClusterMessageCodec.TryReadFrame(ref buffer, out message);
        }

        if (frameLength <= AssembleAbove)
        {
            return false;
        }

        // The length was validated against the 4 MiB limit above, so this allocation is bounded.
        _assembly = GC.AllocateUninitializedArray<byte>(frameLength);
        _assemblyLength = frameLength;
        _assembled = 0;
        buffer = buffer.Slice(sizeof(uint));
        return ContinueAssembly(ref buffer, out message);
    }

    private bool ContinueAssembly(ref ReadOnlySequence<byte> buffer, out ClusterMessage message)
    {
        message = null!;
        var take = (int)Math.Min(buffer.Length, _assemblyLength - _assembled);
        buffer.Slice(0, take).CopyTo(_assembly.AsSpan(_assembled));
        _assembled += take;
        buffer = buffer.Slice(take);
        if (_assembled < _assemblyLength)
        {
            return false;
        }

        var frame = _assembly!;
        _assembly = null;
        message = ClusterMessageCodec.Decode(frame, _assemblyLength);
        return true;
    }

    /// <summary>Routes one received frame. False when it is a request and every handler slot is taken: the
    /// read loop then waits for a slot, which stops reading and pushes back on the sender.</summary>
    private bool TryDeliver(ClusterMessage message)
    {
        switch (message.Kind)
        {
            case MessageKind.Request:
            case MessageKind.OneWay:
                if (!_requestSlots.Wait(0))
                {
                    return false;
                }

                Dispatch(message);
                return true;

            case MessageKind.Response:
            case MessageKind.Reject:
            case MessageKind.Pong:
                if (_pending.TryRemove(message.CorrelationId, out var call))
                {
                    call.Complete(message);
                }
                else
                {
                    Log.UnmatchedResponse(_logger, message.CorrelationId, RemoteSilo);
                }

                return true;

            case MessageKind.Ping:
                EnqueuePriority(new ClusterMessage { Kind = MessageKind.Pong, CorrelationId = message.CorrelationId });
                return true;

            case MessageKind.IndirectPing:
                _transport.OnIndirectPing(this, message);
                return true;

            case MessageKind.MembershipChanged:
                try
                {
                    _transport.Handler.OnMembershipChanged(RemoteSilo, message.CorrelationId);
                }
                catch (Exception ex)
                {
                    Log.GossipFailed(_logger, RemoteSilo, ex);
                }

                return true;

            default:
                return true;
        }
    }

    /// <summary>A handler slot is held; the work item releases it.</summary>
    private void Dispatch(ClusterMessage message)
    {
        Interlocked.Increment(ref _inFlightRequests);
        ThreadPool.UnsafeQueueUserWorkItem(new IncomingRequest(this, message), preferLocal: false);
    }

    /// <summary>Runs the handler for a received Request/OneWay and sends the answer back on this connection with
    /// the request's correlation id. Never throws: a handler failure becomes an Error response.</summary>
    internal async Task DispatchAsync(ClusterMessage request)
    {
        try
        {
            ClusterMessage? response;
            try
            {
                response = await _transport.Handler.HandleAsync(RemoteSilo, request, _closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (request.Kind == MessageKind.OneWay)
                {
                    Log.OneWayFailed(_logger, RemoteSilo, ex);
                    return;
                }

                response = RemoteExceptions.ToErrorResponse(ex);
            }

            if (request.Kind == MessageKind.Request)
            {
                await SendResponseAsync(request, response).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlightRequests);
            _requestSlots.Release();
        }
    }

    /// <summary>Responses wait for queue space rather than being refused: the caller is owed an answer, and the
    /// handler slot held meanwhile is what throttles the peer's requests.</summary>
    private async Task SendResponseAsync(ClusterMessage request, ClusterMessage? response)
    {
        response ??= RemoteExceptions.ToErrorResponse(new InvalidOperationException("The message handler returned no response to a request."));
        if (response.Kind is not (MessageKind.Response or MessageKind.Reject))
        {
            response.Kind = MessageKind.Response;
        }

        response.CorrelationId = request.CorrelationId;
        int size, headerLength;
        try
        {
            size = ClusterMessageCodec.Measure(response, out headerLength);
        }
        catch (ArgumentException ex)
        {
            // The caller learns why instead of waiting for its deadline.
            response = RemoteExceptions.ToErrorResponse(ex);
            response.CorrelationId = request.CorrelationId;
            size = ClusterMessageCodec.Measure(response, out headerLength);
        }

        Interlocked.Add(ref _queuedBytes, size);
        try
        {
            await _queue.Writer.WriteAsync(new OutgoingFrame(response, headerLength, size), _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Threading.Channels.ChannelClosedException or OperationCanceledException)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            Log.ResponseNotSent(_logger, request.CorrelationId, RemoteSilo, "the connection closed");
        }
    }
}
