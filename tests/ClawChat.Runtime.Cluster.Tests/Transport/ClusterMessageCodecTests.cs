using System.Buffers;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.Framing;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

public sealed class ClusterMessageCodecTests
{
    public static TheoryData<string> MessageNames => [.. Messages.Keys];

    private static Dictionary<string, ClusterMessage> Messages => new()
    {
        ["full request"] = new ClusterMessage
        {
            Kind = MessageKind.Request,
            CorrelationId = long.MaxValue,
            Flags = MethodFlags.ReadOnly | MethodFlags.HasCancellation,
            Hops = 3,
            Target = new GrainId(new GrainType("room"), "!abc:example.org"),
            InterfaceId = 0xDEAD_BEEF,
            MethodId = 0xFFFF,
            RemainingMs = 29_999,
            ChainId = -42,
            CallPath = [1, ulong.MaxValue, 0],
            Context = new Dictionary<string, string> { ["trace"] = "00-abc-01", ["matrix.request"] = "req_1", ["empty"] = string.Empty },
            Body = "{\"event\":\"m.room.message\"}"u8.ToArray(),
        },
        ["minimal response"] = new ClusterMessage { Kind = MessageKind.Response, CorrelationId = 1 },
        ["error response"] = new ClusterMessage { Kind = MessageKind.Response, CorrelationId = 2, Status = ResponseStatus.Error, Body = "{}"u8.ToArray() },
        ["reject with hint"] = new ClusterMessage
        {
            Kind = MessageKind.Reject,
            CorrelationId = -7,
            Rejection = RejectionKind.Fenced,
            LocationHint = new SiloAddress("10.1.2.3", 11111, 1_732_001_234_567),
        },
        ["one-way with unicode key"] = new ClusterMessage
        {
            Kind = MessageKind.OneWay,
            Flags = MethodFlags.OneWay,
            Target = new GrainId(new GrainType("user"), "@zoë:例え.jp 🎉"),
            Body = new byte[] { 0, 1, 2, 255 },
        },
        ["empty grain key"] = new ClusterMessage { Kind = MessageKind.Request, Target = new GrainId(new GrainType("singleton"), string.Empty) },
        ["empty call path"] = new ClusterMessage { Kind = MessageKind.Request, CallPath = [] },
        ["gossip"] = new ClusterMessage { Kind = MessageKind.MembershipChanged, CorrelationId = 123_456 },
        ["ping"] = new ClusterMessage { Kind = MessageKind.Ping, CorrelationId = 9 },
        ["indirect ping"] = new ClusterMessage
        {
            Kind = MessageKind.IndirectPing,
            CorrelationId = 10,
            RemainingMs = 1000,
            LocationHint = new SiloAddress("silo-2.svc", 11111, 5),
        },
    };

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_RoundTripsThroughAFrame(string name)
    {
        var original = Messages[name];

        var decoded = RoundTrip(original, out var frameSize);

        AssertEquivalent(original, decoded);
        Assert.Equal(ClusterMessageCodec.Measure(original, out _), frameSize);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_DecodesTheSame_WhenTheFrameArrivesInOneBytePieces(string name)
    {
        var bytes = Encode(Messages[name]);
        var sequence = Fragment(bytes, 1);

        Assert.True(ClusterMessageCodec.TryReadFrame(ref sequence, out var decoded));

        AssertEquivalent(Messages[name], decoded);
        Assert.True(sequence.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void TruncatedFrame_IsIncomplete_NotAnError(string name)
    {
        var bytes = Encode(Messages[name]);
        for (var length = 0; length < bytes.Length; length++)
        {
            var sequence = new ReadOnlySequence<byte>(bytes, 0, length);

            Assert.False(ClusterMessageCodec.TryReadFrame(ref sequence, out _), $"A {length}-byte prefix of a {bytes.Length}-byte frame decoded.");
            Assert.Equal(length, sequence.Length);
        }
    }

    [Fact]
    public void ConsecutiveFrames_AreReadOneAfterAnother()
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var message in Messages.Values)
        {
            ClusterMessageCodec.Write(buffer, message, ClusterMessageCodec.GetHeaderLength(message));
        }

        var sequence = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        var count = 0;
        while (ClusterMessageCodec.TryReadFrame(ref sequence, out _))
        {
            count++;
        }

        Assert.Equal(Messages.Count, count);
        Assert.True(sequence.IsEmpty);
    }

    [Theory]
    [InlineData(ClusterMessageCodec.MaxFrameLength + 1)]
    [InlineData(uint.MaxValue)]
    [InlineData(2u)]
    public void FrameLength_OutsideTheLimits_IsAProtocolError(uint length)
    {
        var prefix = BitConverter.GetBytes(length);
        var sequence = new ReadOnlySequence<byte>(prefix);

        Assert.Throws<ClusterProtocolException>(() => ClusterMessageCodec.TryReadFrame(ref sequence, out _));
    }

    [Fact]
    public void UnknownKind_IsAProtocolError()
    {
        var bytes = Encode(new ClusterMessage { Kind = MessageKind.Ping });
        bytes[4] = 200;

        Assert.Throws<ClusterProtocolException>(() => Decode(bytes));
    }

    [Fact]
    public void Body_AtTheFrameLimit_IsAccepted_AndOneByteMoreIsRefused()
    {
        var message = new ClusterMessage { Kind = MessageKind.Response };
        var header = ClusterMessageCodec.GetHeaderLength(message);
        message.Body = new byte[ClusterMessageCodec.MaxFrameLength - 3 - header];
        ClusterMessageCodec.Measure(message, out _);

        message.Body = new byte[message.Body.Length + 1];

        Assert.Throws<ArgumentException>(() => ClusterMessageCodec.Measure(message, out _));
    }

    [Fact]
    public void CallPath_LongerThanSixteen_IsRefusedAtTheSender()
    {
        var message = new ClusterMessage { Kind = MessageKind.Request, CallPath = new ulong[17] };

        Assert.Throws<ArgumentException>(() => ClusterMessageCodec.Measure(message, out _));
    }

    [Fact]
    public void Context_LargerThanOneKibibyte_IsRefusedAtTheSender()
    {
        var message = new ClusterMessage { Kind = MessageKind.Request, Context = new Dictionary<string, string> { ["big"] = new string('x', 1100) } };

        Assert.Throws<ArgumentException>(() => ClusterMessageCodec.Measure(message, out _));
    }

    [Fact]
    public void MethodFlags_BeyondEightBits_AreRefusedAtTheSender()
    {
        var message = new ClusterMessage { Kind = MessageKind.Request, Flags = (MethodFlags)0x100 };

        Assert.Throws<ArgumentException>(() => ClusterMessageCodec.Measure(message, out _));
    }

    [Fact]
    public void NegativeRemainingBudget_IsSentAsZero()
    {
        var decoded = RoundTrip(new ClusterMessage { Kind = MessageKind.Request, RemainingMs = -5 }, out _);

        Assert.Equal(0, decoded.RemainingMs);
    }

    [Fact]
    public void GrainTypeNames_AreInterned_AcrossDecodes()
    {
        var message = new ClusterMessage { Kind = MessageKind.Request, Target = new GrainId(new GrainType("interned.type"), "a") };

        var first = RoundTrip(message, out _);
        var second = RoundTrip(message, out _);

        Assert.Same(first.Target.Type.Name, second.Target.Type.Name);
    }

    internal static byte[] Encode(ClusterMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ClusterMessageCodec.Write(buffer, message, ClusterMessageCodec.GetHeaderLength(message));
        return buffer.WrittenSpan.ToArray();
    }

    internal static ClusterMessage Decode(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(ClusterMessageCodec.TryReadFrame(ref sequence, out var message));
        return message;
    }

    internal static ReadOnlySequence<byte> Fragment(byte[] bytes, int pieceSize)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(pieceSize, bytes.Length)), 0);
        var last = first;
        for (var offset = pieceSize; offset < bytes.Length; offset += pieceSize)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(pieceSize, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static ClusterMessage RoundTrip(ClusterMessage message, out int frameSize)
    {
        var bytes = Encode(message);
        frameSize = bytes.Length;
        return Decode(bytes);
    }

    private static void AssertEquivalent(ClusterMessage expected, ClusterMessage actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.CorrelationId, actual.CorrelationId);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Hops, actual.Hops);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.InterfaceId, actual.InterfaceId);
        Assert.Equal(expected.MethodId, actual.MethodId);
        Assert.Equal(Math.Max(0, expected.RemainingMs), actual.RemainingMs);
        Assert.Equal(expected.ChainId, actual.ChainId);
        Assert.Equal(expected.CallPath, actual.CallPath);
        Assert.Equal(expected.Context?.OrderBy(pair => pair.Key, StringComparer.Ordinal), actual.Context?.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Rejection, actual.Rejection);
        Assert.Equal(expected.LocationHint, actual.LocationHint);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
