using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ClawChat.Grains.Bots.Backends.JsonRpc;

/// <summary>
/// Reads JSON-RPC messages from an agent's stream, bounded: line-framed (one JSON object per <c>\n</c>-terminated UTF-8
/// line; a trailing <c>\r</c> and blank lines are ignored; a last line without <c>\n</c> is accepted at end of stream)
/// or, for a plain HTTP body, one document spanning the whole stream. A line or body longer than
/// <see cref="MaxBytes"/> fails the call instead of growing the buffer. Every read takes the call's deadline token.
/// </summary>
internal sealed class JsonRpcMessageReader : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private readonly bool _lineFramed;
    private long _scanned;
    private bool _done;

    public JsonRpcMessageReader(Stream stream, bool lineFramed, int maxBytes)
    {
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _lineFramed = lineFramed;
        MaxBytes = maxBytes;
    }

    public int MaxBytes { get; }

    /// <summary>The next message, or null at the end of the stream. Throws <see cref="JsonRpcFramingException"/> for
    /// an oversize or unparseable message; <see cref="IOException"/> and cancellation pass through.</summary>
    public async ValueTask<JsonDocument?> ReadAsync(CancellationToken cancellationToken)
    {
        while (!_done)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;

            if (_lineFramed)
            {
                // Only bytes not looked at before are searched, so a 1 MiB line costs one pass, not one per read.
                var newline = buffer.Slice(_scanned).PositionOf((byte)'\n');
                if (newline is { } end)
                {
                    var line = buffer.Slice(0, end);
                    var next = buffer.GetPosition(1, end);
                    _scanned = 0;
                    if (line.Length > MaxBytes)
                    {
                        throw Oversize();
                    }

                    var document = Parse(line);
                    _reader.AdvanceTo(next);
                    if (document is not null)
                    {
                        return document;
                    }

                    continue;
                }

                _scanned = buffer.Length;
            }

            if (buffer.Length > MaxBytes)
            {
                throw Oversize();
            }

            if (result.IsCompleted)
            {
                _done = true;
                var document = Parse(buffer);
                _reader.AdvanceTo(buffer.End);
                return document;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return null;
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    /// <summary>Null for a blank line.</summary>
    private static JsonDocument? Parse(ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r', (byte)'\n');
        if (reader.End)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(bytes.Slice(reader.Position), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new JsonRpcFramingException("the agent sent a line that is not JSON", ex);
        }
    }

    private JsonRpcFramingException Oversize() => new($"the agent sent a message longer than {MaxBytes} bytes");
}

/// <summary>The agent broke the framing or the message shape; the call fails as
/// <see cref="ChatBackendErrorKind.Malformed"/>.</summary>
internal sealed class JsonRpcFramingException : Exception
{
    public JsonRpcFramingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
