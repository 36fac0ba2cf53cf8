using System.Buffers;
using System.Buffers.Binary;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>The silo-to-silo frame (brief C7): <c>u32 frameLength</c> (of what follows), <c>u8 kind</c>,
/// <c>u16 headerLength</c>, header, body; little-endian. Header fields in order:
/// <code>
/// u64 correlationId, u16 flags (HeaderFlags), u8 hops,
/// [HasTarget] string type, string key,
/// u32 interfaceId, u16 methodId, u32 remainingMs, u64 chainId,
/// [HasCallPath] u8 count (≤ 16), count × u64,
/// [HasContext] varint count, count × (string key, string value)   (≤ 1 KiB in all),
/// u8 status, u8 rejection,
/// [HasLocationHint] string siloAddress
/// </code>
/// Strings are a LEB128 byte length then UTF-8. The header is sized exactly before it is written, so a frame is
/// written straight into the connection's buffer with no intermediate copy.</summary>
internal static partial class ClusterMessageCodec
{
    /// <summary>Bytes before the header: length prefix, kind, header length.</summary>
    public const int PrefixLength = sizeof(uint) + sizeof(byte) + sizeof(ushort);

    /// <summary>Largest <c>frameLength</c> (everything after the length prefix). Matrix events are ≤ 64 KiB; a
    /// 4 MiB cap keeps one frame from monopolising a connection or a reader's memory.</summary>
    public const int MaxFrameLength = 4 * 1024 * 1024;

    public const int MaxCallPathLength = 16;

    /// <summary>Encoded size cap of the request-context map (trace ids, Matrix request ids: small by design).</summary>
    public const int MaxContextBytes = 1024;

    /// <summary>Smallest legal <c>frameLength</c>: kind + header length with an empty header and body.</summary>
    private const int MinFrameLength = sizeof(byte) + sizeof(ushort);

    /// <summary>correlation + flags + hops + interface + method + remaining + chain + status + rejection.</summary>
    private const int FixedHeaderLength = 8 + 2 + 1 + 4 + 2 + 4 + 8 + 1 + 1;

    /// <summary>Measures <paramref name="message"/> for sending and checks every limit, so an oversized message is
    /// refused at the caller with a clear exception instead of killing the connection at the peer.</summary>
    /// <returns>Bytes the frame takes on the wire, length prefix included.</returns>
    public static int Measure(ClusterMessage message, out int headerLength)
    {
        headerLength = GetHeaderLength(message);
        var frameLength = (long)MinFrameLength + headerLength + message.Body.Length;
        if (frameLength > MaxFrameLength)
        {
            throw new ArgumentException(
                $"A {message.Kind} message of {frameLength} bytes (body {message.Body.Length}) exceeds the silo-to-silo frame limit of {MaxFrameLength} bytes.",
                nameof(message));
        }

        return sizeof(uint) + (int)frameLength;
    }

    /// <summary>The exact header size; throws <see cref="ArgumentException"/> when a field is over its limit.</summary>
    public static int GetHeaderLength(ClusterMessage message)
    {
        if (((int)message.Flags & ~(int)HeaderFlags.MethodFlagsMask) != 0)
        {
            throw new ArgumentException($"Method flags {message.Flags} do not fit the header's 8 flag bits.", nameof(message));
        }

        var length = FixedHeaderLength;
        if (!message.Target.IsDefault)
        {
            length += HeaderWriter.StringSize(message.Target.Type.Name) + HeaderWriter.StringSize(message.Target.Key);
        }

        if (message.CallPath is { } callPath)
        {
            if (callPath.Length > MaxCallPathLength)
            {
                throw new ArgumentException($"A call path of {callPath.Length} grains exceeds the limit of {MaxCallPathLength}.", nameof(message));
            }

            length += 1 + (callPath.Length * sizeof(ulong));
        }

        if (message.Context is { Count: > 0 } context)
        {
            var contextLength = HeaderWriter.VarUInt32Size((uint)context.Count);
            foreach (var (key, value) in context)
            {
                contextLength += HeaderWriter.StringSize(key) + HeaderWriter.StringSize(value ?? string.Empty);
            }

            if (contextLength > MaxContextBytes)
            {
                throw new ArgumentException($"The request context takes {contextLength} bytes; the limit is {MaxContextBytes}.", nameof(message));
            }

            length += contextLength;
        }

        if (message.LocationHint is { } hint)
        {
            length += HeaderWriter.StringSize(hint.ToString());
        }

        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A header of {length} bytes exceeds {ushort.MaxValue} (grain key too long?).", nameof(message));
        }

        return length;
    }

    /// <summary>Writes one frame; <paramref name="headerLength"/> comes from <see cref="Measure"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ClusterMessage message, int headerLength)
    {
        var prefixAndHeader = PrefixLength + headerLength;
        var span = writer.GetSpan(prefixAndHeader);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)(MinFrameLength + headerLength + message.Body.Length));
        span[4] = (byte)message.Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(span[5..], (ushort)headerLength);
        WriteHeader(span.Slice(PrefixLength, headerLength), message);
        writer.Advance(prefixAndHeader);
        if (!message.Body.IsEmpty)
        {
            writer.Write(message.Body.Span);
        }
    }

    private static void WriteHeader(Span<byte> destination, ClusterMessage message)
    {
        var flags = (HeaderFlags)(byte)message.Flags;
        if (!message.Target.IsDefault)
        {
            flags |= HeaderFlags.HasTarget;
        }

        if (message.CallPath is not null)
        {
            flags |= HeaderFlags.HasCallPath;
        }

        if (message.Context is { Count: > 0 })
        {
            flags |= HeaderFlags.HasContext;
        }

        if (message.LocationHint is not null)
        {
            flags |= HeaderFlags.HasLocationHint;
        }

        var writer = new HeaderWriter(destination);
        writer.WriteUInt64((ulong)message.CorrelationId);
        writer.WriteUInt16((ushort)flags);
        writer.WriteByte(message.Hops);
        if (!message.Target.IsDefault)
        {
            writer.WriteString(message.Target.Type.Name);
            writer.WriteString(message.Target.Key);
        }

        writer.WriteUInt32(message.InterfaceId);
        writer.WriteUInt16(message.MethodId);
        writer.WriteUInt32((uint)Math.Max(0, message.RemainingMs));
        writer.WriteUInt64((ulong)message.ChainId);
        if (message.CallPath is { } callPath)
        {
            writer.WriteByte((byte)callPath.Length);
            foreach (var hash in callPath)
            {
                writer.WriteUInt64(hash);
            }
        }

        if (message.Context is { Count: > 0 } context)
        {
            writer.WriteVarUInt32((uint)context.Count);
            foreach (var (key, value) in context)
            {
                writer.WriteString(key);
                writer.WriteString(value ?? string.Empty);
            }
        }

        writer.WriteByte((byte)message.Status);
        writer.WriteByte((byte)message.Rejection);
        if (message.LocationHint is { } hint)
        {
            writer.WriteString(hint.ToString());
        }

        if (writer.Position != destination.Length)
        {
            throw new InvalidOperationException($"Header size mismatch: measured {destination.Length} bytes, wrote {writer.Position}.");
        }
    }
}
