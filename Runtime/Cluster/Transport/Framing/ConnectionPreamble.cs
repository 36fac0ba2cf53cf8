using System.Buffers;
using System.Buffers.Binary;

namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>What each side sends first (brief C7): magic <c>MXA1</c>, <c>u16 payloadLength</c>, then the payload
/// <c>u16 version, string clusterId, string sender, string expectedReceiver</c> (silo addresses in their
/// <c>host:port@generation</c> form). The dialer sends it, the acceptor checks it and answers with its own; a
/// mismatch closes the connection, so a silo never talks to another cluster or to a stale incarnation.</summary>
internal sealed record ConnectionPreamble(ushort Version, string ClusterId, SiloAddress Sender, SiloAddress ExpectedReceiver)
{
    public const ushort CurrentVersion = 1;

    /// <summary>Cluster ids and addresses are short; a larger claim is garbage, not a preamble.</summary>
    public const int MaxPayloadLength = 1024;

    private const int PrefixLength = 4 + sizeof(ushort);

    private static ReadOnlySpan<byte> Magic => "MXA1"u8;

    public void Write(IBufferWriter<byte> writer)
    {
        var sender = Sender.ToString();
        var expected = ExpectedReceiver.ToString();
        var payloadLength = sizeof(ushort) + HeaderWriter.StringSize(ClusterId) + HeaderWriter.StringSize(sender) + HeaderWriter.StringSize(expected);
        if (payloadLength > MaxPayloadLength)
        {
            throw new ArgumentException($"The preamble takes {payloadLength} bytes; the limit is {MaxPayloadLength} (cluster id too long?).");
        }

        var span = writer.GetSpan(PrefixLength + payloadLength);
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)payloadLength);
        var fields = new HeaderWriter(span.Slice(PrefixLength, payloadLength));
        fields.WriteUInt16(Version);
        fields.WriteString(ClusterId);
        fields.WriteString(sender);
        fields.WriteString(expected);
        writer.Advance(PrefixLength + payloadLength);
    }

    /// <summary>The whole preamble's length once its prefix has arrived; false until then.</summary>
    /// <exception cref="ClusterProtocolException">Wrong magic or an oversized payload.</exception>
    public static bool TryReadLength(in ReadOnlySequence<byte> buffer, out int length)
    {
        length = 0;
        if (buffer.Length < PrefixLength)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[PrefixLength];
        buffer.Slice(0, PrefixLength).CopyTo(prefix);
        if (!prefix[..4].SequenceEqual(Magic))
        {
            throw new ClusterProtocolException("The peer did not start with the MXA1 preamble (not a silo, or another protocol).");
        }

        int payloadLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[4..]);
        if (payloadLength > MaxPayloadLength)
        {
            throw new ClusterProtocolException($"A preamble of {payloadLength} bytes exceeds the limit of {MaxPayloadLength}.");
        }

        length = PrefixLength + payloadLength;
        return true;
    }

    /// <summary>Reads a preamble from the front of <paramref name="buffer"/> and slices it off; false when incomplete.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ConnectionPreamble preamble)
    {
        preamble = null!;
        if (!TryReadLength(buffer, out var length) || buffer.Length < length)
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[MaxPayloadLength];
        var payloadLength = length - PrefixLength;
        buffer.Slice(PrefixLength, payloadLength).CopyTo(payload);
        var reader = new HeaderReader(payload[..payloadLength]);
        var version = reader.ReadUInt16();
        var clusterId = reader.ReadString();
        if (!SiloAddress.TryParse(reader.ReadString(), out var sender) || !SiloAddress.TryParse(reader.ReadString(), out var expected))
        {
            throw new ClusterProtocolException("The preamble's silo addresses are malformed.");
        }

        preamble = new ConnectionPreamble(version, clusterId, sender, expected);
        buffer = buffer.Slice(length);
        return true;
    }
}
