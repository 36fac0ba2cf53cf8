using System.Buffers;
using System.Threading.Channels;
using ClawChat.Runtime.Redis.Protocol;

namespace ClawChat.Runtime.Redis.Connection;

/// <summary>
/// One generation of <see cref="RedisClient"/>'s connection: a writing loop that drains the outgoing
/// queue into the socket and a reading loop that matches replies, in order, to the FIFO of commands
/// awaiting them. Lives until the first failure, which fails every command it holds; the client then
/// builds a new generation. Never reused.
/// </summary>
internal sealed class MultiplexedConnection
{
    // Flush mid-batch once this much is buffered so a long burst starts reaching the server early;
    // otherwise the writer flushes only when the queue is momentarily empty.
    private const int FlushThreshold = 64 * 1024;

    private readonly RedisTransport _transport;
    private readonly Action<MultiplexedConnection, Exception> _onFailed;
    private readonly Action _onRetired;
    private readonly string _endPoint;

    // Counted, not sized: RedisClient bounds the total with MaxPendingCommands before writing here.
    private readonly Channel<PendingCommand> _outgoing = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    // Commands written to the socket, oldest first. Guarded by itself; _failed too. A command is
    // enqueued here before its bytes are written, so its reply can never arrive before it.
    private readonly Queue<PendingCommand> _awaitingReply = new();
    private bool _failed;
    private int _failOnce;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;

    public MultiplexedConnection(
        RedisTransport transport,
        long generation,
        string endPoint,
        Action<MultiplexedConnection, Exception> onFailed,
        Action onRetired)
    {
        _transport = transport;
        Generation = generation;
        _endPoint = endPoint;
        _onFailed = onFailed;
        _onRetired = onRetired;
    }

    public long Generation { get; }

    /// <summary>Completes when both loops have exited.</summary>
    public Task Completion => Task.WhenAll(_readLoop, _writeLoop);

    public void Start()
    {
        _writeLoop = Task.Run(WriteLoopAsync);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Queues a command for writing; false once the connection has failed (the command was not taken).</summary>
    public bool TryEnqueue(PendingCommand command) => _outgoing.Writer.TryWrite(command);

    /// <summary>
    /// Tears the connection down once: detaches it from the client, then fails every queued and
    /// in-flight command with <see cref="RedisConnectionException"/> and closes the socket.
    /// </summary>
    public void Fail(Exception reason)
    {
        if (Interlocked.Exchange(ref _failOnce, 1) != 0)
            return;

        // Detach first: once the channel is completed, a failed TryEnqueue must imply the client
        // has already moved off this connection, or callers would spin on it.
        _onFailed(this, reason);
        _outgoing.Writer.TryComplete();

        PendingCommand[] inFlight;
        lock (_awaitingReply)
        {
            _failed = true;
            inFlight = _awaitingReply.ToArray();
            _awaitingReply.Clear();
        }

        foreach (var command in inFlight)
            FailCommand(command, reason);
        while (_outgoing.Reader.TryRead(out var queued))
            FailCommand(queued, reason);

        _transport.Dispose();
    }

    private void FailCommand(PendingCommand command, Exception reason)
    {
        // One exception per command: a shared instance would have its stack trace rewritten by every awaiter.
        command.TrySetException(new RedisConnectionException(
            $"Connection to {_endPoint} (generation {Generation}) was lost before '{command.Name}' got a reply: {reason.Message}",
            reason));
        _onRetired();
    }

    private async Task WriteLoopAsync()
    {
        var writer = _transport.Writer;
        var reader = _outgoing.Reader;
        Exception? failure = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var command))
                {
                    if (!TryWrite(writer, command))
                        continue;
                    if (writer.UnflushedBytes >= FlushThreshold)
                        await writer.FlushAsync().ConfigureAwait(false);
                }

                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted)
                    throw new RedisConnectionException("The connection was closed while writing.");
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            Fail(ex);
        }
        finally
        {
            // Completing with an exception discards unflushed bytes instead of writing them to a dead socket.
            await writer.CompleteAsync(failure ?? new OperationCanceledException("Connection closed.")).ConfigureAwait(false);
        }
    }

    private bool TryWrite(IBufferWriter<byte> writer, PendingCommand command)
    {
        if (command.Task.IsCompleted)
        {
            // Abandoned (timed out or cancelled) before it was sent: skip it entirely.
            _onRetired();
            return false;
        }

        lock (_awaitingReply)
        {
            if (_failed)
            {
                FailCommand(command, new RedisConnectionException("Connection failed."));
                return false;
            }

            _awaitingReply.Enqueue(command);
        }

        RespWriter.WriteCommand(writer, command.Arguments);
        return true;
    }

    private async Task ReadLoopAsync()
    {
        var reader = _transport.Reader;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                var consumed = DispatchReplies(buffer);
                if (read.IsCompleted)
                    throw new RedisConnectionException($"{_endPoint} closed the connection.");
                reader.AdvanceTo(consumed, buffer.End);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            Fail(ex);
        }
        finally
        {
            await reader.CompleteAsync(failure).ConfigureAwait(false);
        }
    }

    private SequencePosition DispatchReplies(in ReadOnlySequence<byte> buffer)
    {
        var parser = new SequenceReader<byte>(buffer);
        var consumed = buffer.Start;
        while (RespParser.TryParse(ref parser, out var reply))
        {
            consumed = parser.Position;
            PendingCommand? command;
            lock (_awaitingReply)
                _awaitingReply.TryDequeue(out command);
            if (command is null)
                throw new RedisProtocolException("Received a reply with no command awaiting it.");

            // False when the caller gave up: the reply is dropped here, keeping the stream in step.
            command.TrySetResult(reply!);
            _onRetired();
        }

        return consumed;
    }
}
