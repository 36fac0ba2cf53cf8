using System.Buffers.Binary;
using System.Text;

namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>Reads header fields from untrusted bytes: every read is bounds-checked against what is left, so
/// a lying length can neither read past the header nor make us allocate more than the header holds.</summary>
internal ref struct HeaderReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public HeaderReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Remaining => _buffer.Length - _position;

    public byte ReadByte()
    {
        Need(1);
        return _buffer[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(sizeof(ushort));
        var value = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[_position..]);
        _position += sizeof(ushort);
        return value;
    }

    public uint ReadUInt32()
    {
        Need(sizeof(uint));
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[_position..]);
        _position += sizeof(uint);
        return value;
    }

    public ulong ReadUInt64()
    {
        Need(sizeof(ulong));
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
        _position += sizeof(ulong);
        return value;
    }

    /// <summary>LEB128, at most 5 bytes and at most <see cref="int.MaxValue"/>.</summary>
    public int ReadVarInt32()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (shift == 28 && b > 0x07)
                {
                    throw new ClusterProtocolException("A varint in the header overflows 31 bits.");
                }

                return (int)value;
            }
        }

        throw new ClusterProtocolException("A varint in the header is longer than 5 bytes.");
    }

    /// <summary>The raw UTF-8 bytes of a length-prefixed string (no allocation).</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var length = ReadVarInt32();
        Need(length);
        var bytes = _buffer.Slice(_position, length);
        _position += length;
        return bytes;
    }

    /// <summary>Invalid UTF-8 becomes U+FFFD rather than an exception: a garbled key fails the lookup, not the connection.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadStringBytes());

    private readonly void Need(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _position))
        {
            ThrowTruncated(count, _buffer.Length - _position);
        }
    }

    private static void ThrowTruncated(int needed, int remaining) =>
        throw new ClusterProtocolException($"The header is truncated: a field needs {needed} bytes, {remaining} remain.");
}
