using System.Buffers;
using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

public sealed class ConnectionPreambleTests
{
    private static readonly ConnectionPreamble Sample = new(
        ConnectionPreamble.CurrentVersion, "clawchat-prod", new SiloAddress("10.0.0.1", 11111, 1_700_000_000_000), new SiloAddress("10.0.0.2", 11111, 1_700_000_000_001));

    [Fact]
    public void Preamble_RoundTrips_AndStartsWithTheMagic()
    {
        var bytes = Encode(Sample);
        var sequence = new ReadOnlySequence<byte>(bytes);

        Assert.True(ConnectionPreamble.TryRead(ref sequence, out var decoded));

        Assert.Equal(Sample, decoded);
        Assert.True(bytes.AsSpan(0, 4).SequenceEqual("MXA1"u8));
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void TruncatedPreamble_IsIncomplete()
    {
        var bytes = Encode(Sample);
        for (var length = 0; length < bytes.Length; length++)
        {
            var sequence = new ReadOnlySequence<byte>(bytes, 0, length);

            Assert.False(ConnectionPreamble.TryRead(ref sequence, out _));
        }
    }

    [Fact]
    public void WrongMagic_IsAProtocolError()
    {
        var sequence = new ReadOnlySequence<byte>("GET / HTTP/1.1\r\n"u8.ToArray());

        Assert.Throws<ClusterProtocolException>(() => ConnectionPreamble.TryRead(ref sequence, out _));
    }

    [Fact]
    public void OversizedPayloadClaim_IsAProtocolError_BeforeWaitingForIt()
    {
        var sequence = new ReadOnlySequence<byte>([.. "MXA1"u8, 0xFF, 0xFF]);

        Assert.Throws<ClusterProtocolException>(() => ConnectionPreamble.TryRead(ref sequence, out _));
    }

    private static byte[] Encode(ConnectionPreamble preamble)
    {
        var buffer = new ArrayBufferWriter<byte>();
        preamble.Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
