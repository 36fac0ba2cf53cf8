using System.Buffers.Binary;
using System.Text;

namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>Writes header fields (little-endian, LEB128 lengths) into a span sized beforehand by
/// <see cref="ClusterMessageCodec.GetHeaderLength"/>; a size mismatch is a bug and surfaces as an
/// out-of-range exception here rather than as a corrupt frame on the wire.</summary>
internal ref struct HeaderWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public HeaderWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    /// <summary>Bytes a LEB128 encoding of <paramref name="value"/> takes (1–5).</summary>
    public static int VarUInt32Size(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Bytes a length-prefixed UTF-8 string takes.</summary>
    public static int StringSize(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarUInt32Size((uint)bytes) + bytes;
    }

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], value);
        _position += sizeof(ushort);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += sizeof(uint);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        _position += sizeof(ulong);
    }

    public void WriteVarUInt32(uint value)
    {
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
    }

    public void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)bytes);
        _position += Encoding.UTF8.GetBytes(value, _buffer.Slice(_position, bytes));
    }
}
