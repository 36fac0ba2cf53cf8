using System.Buffers;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>Bytes from the network are untrusted: whatever arrives, the decoders return "incomplete", a message,
/// or a <see cref="ClusterProtocolException"/> (which closes the connection), and never allocate more than the
/// bytes at hand justify. Seeds are fixed so a failure reproduces.</summary>
public sealed class ClusterMessageCodecFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly byte[][] Seeds =
    [
        ClusterMessageCodecTests.Encode(new ClusterMessage
        {
            Kind = MessageKind.Request,
            CorrelationId = 77,
            Target = new GrainId(new GrainType("room"), "!r:x"),
            RemainingMs = 1000,
            CallPath = [1, 2],
            Context = new Dictionary<string, string> { ["trace"] = "t" },
            LocationHint = new SiloAddress("10.0.0.1", 11111, 3),
            Body = "{\"a\":1}"u8.ToArray(),
        }),
        ClusterMessageCodecTests.Encode(new ClusterMessage { Kind = MessageKind.Pong, CorrelationId = 5 }),
    ];

    [Fact]
    public void RandomBytes_NeverCrashTheDecoder()
    {
        var random = new Random(20_251_101);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(0, 256)];
            random.NextBytes(bytes);
            if (bytes.Length >= 4 && random.Next(2) == 0)
            {
                // Keep the length plausible half of the time, so the fuzz reaches the header parser.
                BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), bytes.Length - 4);
            }

            AssertDecodesSafely(bytes);
        }
    }

    [Fact]
    public void MutatedFrames_NeverCrashTheDecoder()
    {
        var random = new Random(42);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = (byte[])Seeds[i % Seeds.Length].Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                // Leave the length prefix mostly intact so mutations hit the header fields.
                var position = random.Next(bytes.Length > 8 && random.Next(4) > 0 ? 4 : 0, bytes.Length);
                bytes[position] = (byte)random.Next(256);
            }

            AssertDecodesSafely(bytes);
        }
    }

    [Fact]
    public void RandomPreambles_NeverCrashTheParser()
    {
        var random = new Random(7);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(0, 128)];
            random.NextBytes(bytes);
            if (bytes.Length >= 6 && random.Next(2) == 0)
            {
                "MXA1"u8.CopyTo(bytes);
                BitConverter.TryWriteBytes(bytes.AsSpan(4, 2), (ushort)(bytes.Length - 6));
            }

            var sequence = new ReadOnlySequence<byte>(bytes);
            try
            {
                ConnectionPreamble.TryRead(ref sequence, out _);
            }
            catch (ClusterProtocolException)
            {
            }
        }
    }

    private static void AssertDecodesSafely(byte[] bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sequence = new ReadOnlySequence<byte>(bytes);
        string? thrown = null;
        try
        {
            ClusterMessageCodec.TryReadFrame(ref sequence, out _);
        }
        catch (ClusterProtocolException ex)
        {
            thrown = ex.Message;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A message, its strings (UTF-16: 2 bytes per input byte), dictionary, call path, exception text, and now and
        // then a resize of the (capped) grain-type intern table as garbage names fill it: tens of KiB at worst,
        // never anything scaled by a length the bytes merely claim (up to 4 MiB).
        Assert.True(allocated < (64 * 1024) + (bytes.Length * 8), $"Decoding {bytes.Length} bytes allocated {allocated} bytes ({thrown ?? "no exception"}).");
    }
}
