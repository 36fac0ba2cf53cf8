using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using ClawChat.Runtime.Redis.Protocol;

namespace ClawChat.Runtime.Redis.Connection;

/// <summary>
/// One TCP connection to the server as a pair of pipes, already authenticated and on the right
/// database. Owners run at most one reading loop and one writing loop over it; disposing the socket
/// is what unblocks both on failure or shutdown.
/// </summary>
internal sealed class RedisTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RedisTransport(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        Writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    /// <summary>Connects and runs AUTH/SELECT, all within <see cref="RedisOptions.ConnectTimeout"/>.</summary>
    /// <exception cref="RedisConnectionException">Unreachable, timed out, or the handshake was refused.</exception>
    public static async Task<RedisTransport> ConnectAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        RedisTransport? transport = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            transport = new RedisTransport(socket);
            await transport.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
            return transport;
        }
        catch (Exception ex)
        {
            if (transport is null)
                socket.Dispose();
            else
                transport.Dispose();

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                throw;
            throw ex switch
            {
                RedisConnectionException => ex,
                OperationCanceledException => new RedisConnectionException(
                    $"Connecting to {options.Host}:{options.Port} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms.", ex),
                _ => new RedisConnectionException($"Connecting to {options.Host}:{options.Port} failed: {ex.Message}", ex),
            };
        }
    }

    /// <summary>Writes one command and flushes it (for low-rate traffic: handshake, pub/sub control).</summary>
    public ValueTask<FlushResult> SendAsync(ReadOnlySpan<RedisValue> command, CancellationToken cancellationToken)
    {
        RespWriter.WriteCommand(Writer, command);
        return Writer.FlushAsync(cancellationToken);
    }

    /// <summary>Reads exactly one reply (used where replies are few: handshake and the subscriber loop).</summary>
    /// <exception cref="RedisConnectionException">The server closed the connection.</exception>
    public async ValueTask<RedisResult> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (TryParse(buffer, out var result, out var consumed))
            {
                Reader.AdvanceTo(consumed);
                return result!;
            }

            if (read.IsCompleted || read.IsCanceled)
                throw new RedisConnectionException("The server closed the connection.");
            Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Dispose()
    {
        // Disposing the socket fails pending reads/writes; the pipes are completed by their loops.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stream.Dispose();
    }

    private static bool TryParse(in ReadOnlySequence<byte> buffer, out RedisResult? result, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        bool ok = RespParser.TryParse(ref reader, out result);
        consumed = reader.Position;
        return ok;
    }

    private async Task HandshakeAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        if (options.Password is not null)
        {
            RedisValue[] auth = options.User is null
                ? ["AUTH", options.Password]
                : ["AUTH", options.User, options.Password];
            await ExpectOkAsync(auth, "AUTH", cancellationToken).ConfigureAwait(false);
        }

        if (options.Database != 0)
            await ExpectOkAsync(["SELECT", options.Database], "SELECT " + options.Database, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExpectOkAsync(RedisValue[] command, string what, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken).ConfigureAwait(false);
        var reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw new RedisConnectionException(
                $"{what} was refused by the server: {reply.ErrorMessage}",
                new RedisServerException(reply.ErrorMessage));
        }
    }
}
