using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>Reading frames from untrusted bytes: every length is checked against the limits before anything is
/// allocated for it, and anything malformed is a <see cref="ClusterProtocolException"/>.</summary>
internal static partial class ClusterMessageCodec
{
    /// <summary>Reads the length prefix if present and checks it against the limits.</summary>
    /// <exception cref="ClusterProtocolException">The length is below the minimum or over <see cref="MaxFrameLength"/>.</exception>
    public static bool TryReadFrameLength(in ReadOnlySequence<byte> buffer, out int frameLength)
    {
        frameLength = 0;
        if (buffer.Length < sizeof(uint))
        {
            return false;
        }

        uint length;
        if (buffer.FirstSpan.Length >= sizeof(uint))
        {
            length = BinaryPrimitives.ReadUInt32LittleEndian(buffer.FirstSpan);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[sizeof(uint)];
            buffer.Slice(0, sizeof(uint)).CopyTo(prefix);
            length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        }

        if (length is < MinFrameLength or > MaxFrameLength)
        {
            ThrowBadFrameLength(length);
        }

        frameLength = (int)length;
        return true;
    }

    /// <summary>Reads one whole frame from the front of <paramref name="buffer"/> and slices it off; false when
    /// the frame is not complete yet (the buffer is left as is).</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ClusterMessage message)
    {
        message = null!;
        if (!TryReadFrameLength(buffer, out var frameLength) || buffer.Length < sizeof(uint) + frameLength)
        {
            return false;
        }

        var frame = buffer.Slice(sizeof(uint), frameLength);
        message = frame.IsSingleSegment ? Decode(frame.FirstSpan) : DecodeSegmented(frame);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>Decodes a frame (everything after the length prefix); the body is copied out.</summary>
    public static ClusterMessage Decode(ReadOnlySpan<byte> frame)
    {
        var message = DecodeHeader(frame, frame.Length, out var bodyOffset);
        var body = frame[bodyOffset..];
        if (!body.IsEmpty)
        {
            var copy = GC.AllocateUninitializedArray<byte>(body.Length);
            body.CopyTo(copy);
            message.Body = copy;
        }

        return message;
    }

    /// <summary>Decodes a frame assembled in an array the message may keep: the body is a slice of it, no copy.</summary>
    public static ClusterMessage Decode(byte[] frame, int length)
    {
        var message = DecodeHeader(frame.AsSpan(0, length), length, out var bodyOffset);
        if (bodyOffset < length)
        {
            message.Body = new ReadOnlyMemory<byte>(frame, bodyOffset, length - bodyOffset);
        }

        return message;
    }

    /// <summary>A frame spread over pipe segments (Kestrel reads into 4 KiB blocks): only the header is made
    /// contiguous, the body is copied once, straight into its own array.</summary>
    private static ClusterMessage DecodeSegmented(ReadOnlySequence<byte> frame)
    {
        Span<byte> fixedPart = stackalloc byte[MinFrameLength];
        frame.Slice(0, MinFrameLength).CopyTo(fixedPart);
        var headerEnd = MinFrameLength + BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[1..]);
        if (headerEnd > frame.Length)
        {
            throw new ClusterProtocolException($"Header length {headerEnd - MinFrameLength} exceeds the {frame.Length - MinFrameLength} bytes left in the frame.");
        }

        var rented = ArrayPool<byte>.Shared.Rent(headerEnd);
        ClusterMessage message;
        try
        {
            frame.Slice(0, headerEnd).CopyTo(rented);
            message = DecodeHeader(rented.AsSpan(0, headerEnd), (int)frame.Length, out _);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        var body = frame.Slice(headerEnd);
        if (!body.IsEmpty)
        {
            var copy = GC.AllocateUninitializedArray<byte>((int)body.Length);
            body.CopyTo(copy);
            message.Body = copy;
        }

        return message;
    }

    /// <param name="frame">At least the kind, header length and header.</param>
    /// <param name="frameLength">The whole frame's length, to check the header length against.</param>
    private static ClusterMessage DecodeHeader(ReadOnlySpan<byte> frame, int frameLength, out int bodyOffset)
    {
        if (frame.Length < MinFrameLength)
        {
            throw new ClusterProtocolException($"A frame of {frame.Length} bytes is shorter than its fixed prefix.");
        }

        var kind = (MessageKind)frame[0];
        if (!IsKnownKind(kind))
        {
            throw new ClusterProtocolException($"Unknown frame kind {(byte)kind}.");
        }

        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(frame[1..]);
        if (headerLength > frameLength - MinFrameLength || headerLength > frame.Length - MinFrameLength)
        {
            throw new ClusterProtocolException($"Header length {headerLength} exceeds the {frameLength - MinFrameLength} bytes left in the frame.");
        }

        bodyOffset = MinFrameLength + headerLength;
        var reader = new HeaderReader(frame.Slice(MinFrameLength, headerLength));
        var message = new ClusterMessage { Kind = kind, CorrelationId = (long)reader.ReadUInt64() };
        var flags = (HeaderFlags)reader.ReadUInt16();
        if ((flags & ~HeaderFlags.Known) != 0)
        {
            throw new ClusterProtocolException($"Unknown header flags 0x{(ushort)flags:x4}.");
        }

        message.Flags = (MethodFlags)(byte)flags;
        message.Hops = reader.ReadByte();
        if ((flags & HeaderFlags.HasTarget) != 0)
        {
            var type = GrainTypeNameCache.Get(reader.ReadStringBytes());
            message.Target = new GrainId(type, reader.ReadString());
        }

        message.InterfaceId = reader.ReadUInt32();
        message.MethodId = reader.ReadUInt16();
        message.RemainingMs = (int)Math.Min(reader.ReadUInt32(), int.MaxValue);
        message.ChainId = (long)reader.ReadUInt64();
        if ((flags & HeaderFlags.HasCallPath) != 0)
        {
            message.CallPath = ReadCallPath(ref reader);
        }

        if ((flags & HeaderFlags.HasContext) != 0)
        {
            message.Context = ReadContext(ref reader);
        }

        message.Status = (ResponseStatus)reader.ReadByte();
        message.Rejection = (RejectionKind)reader.ReadByte();
        if ((flags & HeaderFlags.HasLocationHint) != 0)
        {
            var text = reader.ReadString();
            if (!SiloAddress.TryParse(text, out var hint))
            {
                throw new ClusterProtocolException("The location hint is not a silo address.");
            }

            message.LocationHint = hint;
        }

        if (reader.Remaining != 0)
        {
            throw new ClusterProtocolException($"{reader.Remaining} unread bytes at the end of the header.");
        }

        return message;
    }

    private static ulong[] ReadCallPath(ref HeaderReader reader)
    {
        int count = reader.ReadByte();
        if (count > MaxCallPathLength)
        {
            throw new ClusterProtocolException($"A call path of {count} grains exceeds the limit of {MaxCallPathLength}.");
        }

        if (count == 0)
        {
            return [];
        }

        var path = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            path[i] = reader.ReadUInt64();
        }

        return path;
    }

    private static Dictionary<string, string> ReadContext(ref HeaderReader reader)
    {
        var start = reader.Remaining;
        var count = reader.ReadVarInt32();

        // Each entry takes at least two bytes (two empty strings), which bounds the dictionary's capacity
        // by what the header really holds before anything is allocated.
        if (count > MaxContextBytes / 2 || count * 2 > reader.Remaining)
        {
            throw new ClusterProtocolException($"A request context of {count} entries cannot fit its byte limit.");
        }

        var context = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            context[key] = reader.ReadString();
            if (start - reader.Remaining > MaxContextBytes)
            {
                throw new ClusterProtocolException($"The request context exceeds {MaxContextBytes} bytes.");
            }
        }

        return context;
    }

    private static bool IsKnownKind(MessageKind kind) => kind is MessageKind.Request or MessageKind.Response or MessageKind.OneWay
        or MessageKind.Reject or MessageKind.Ping or MessageKind.Pong or MessageKind.MembershipChanged or MessageKind.IndirectPing;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadFrameLength(uint length) =>
        throw new ClusterProtocolException($"Frame length {length} is outside [{MinFrameLength}, {MaxFrameLength}].");
}
