using System.Buffers;
using System.IO.Pipelines;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Cluster.Transport.Connections;
using ClawChat.Runtime.Cluster.Transport.Framing;
using ClawChat.Runtime.Cluster.Transport.InMemory;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>The write side of one connection, observed byte for byte through a pipe.</summary>
public sealed class SiloConnectionTests
{
    private static readonly SiloAddress Local = new("10.2.0.1", 1, 1);
    private static readonly SiloAddress Remote = new("10.2.0.2", 1, 1);

    [Fact]
    public async Task PriorityFrames_AreWrittenAheadOfQueuedData()
    {
        var (connection, wire) = CreateConnection();
        for (var i = 0; i < 10; i++)
        {
            var oneWay = new ClusterMessage { Kind = MessageKind.OneWay, CorrelationId = i, Body = new byte[100] };
            Assert.Equal(EnqueueResult.Queued, connection.TryEnqueue(oneWay, ClusterMessageCodec.GetHeaderLength(oneWay), ClusterMessageCodec.Measure(oneWay, out _)));
        }

        connection.EnqueuePriority(new ClusterMessage { Kind = MessageKind.Pong, CorrelationId = 99 });
        var running = connection.RunAsync();

        var frames = await ReadFramesAsync(wire, 11);

        Assert.Equal((MessageKind.Pong, 99L), (frames[0].Kind, frames[0].CorrelationId));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), frames.Skip(1).Select(frame => frame.CorrelationId));
        connection.Close(new InvalidOperationException("test over"));
        await running;
    }

    [Fact]
    public void SendQueue_RefusesFramesPastItsByteCap()
    {
        var (connection, _) = CreateConnection(new SiloTransportOptions { SendQueueMaxBytes = ClusterMessageCodec.MaxFrameLength + 4 });
        var big = new ClusterMessage { Kind = MessageKind.OneWay, Body = new byte[3 * 1024 * 1024] };
        var size = ClusterMessageCodec.Measure(big, out var headerLength);

        Assert.Equal(EnqueueResult.Queued, connection.TryEnqueue(big, headerLength, size));
        Assert.Equal(EnqueueResult.Full, connection.TryEnqueue(big, headerLength, size));
    }

    [Fact]
    public void SendQueue_RefusesFramesPastItsFrameCap()
    {
        var (connection, _) = CreateConnection(new SiloTransportOptions { SendQueueCapacity = 2 });
        var small = new ClusterMessage { Kind = MessageKind.OneWay };
        var size = ClusterMessageCodec.Measure(small, out var headerLength);

        Assert.Equal(EnqueueResult.Queued, connection.TryEnqueue(small, headerLength, size));
        Assert.Equal(EnqueueResult.Queued, connection.TryEnqueue(small, headerLength, size));
        Assert.Equal(EnqueueResult.Full, connection.TryEnqueue(small, headerLength, size));
    }

    private static (SiloConnection Connection, PipeReader Wire) CreateConnection(SiloTransportOptions? options = null)
    {
        var transport = new InMemorySiloTransport(new InMemoryNetwork(), Local, "unit", options);
        var outgoing = new Pipe();
        var incoming = new Pipe();
        var connection = new SiloConnection(transport, new TestPipe(incoming.Reader, outgoing.Writer), Remote, isOutbound: true);
        return (connection, outgoing.Reader);
    }

    private static async Task<List<ClusterMessage>> ReadFramesAsync(PipeReader wire, int count)
    {
        var frames = new List<ClusterMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (frames.Count < count)
        {
            var result = await wire.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            while (ClusterMessageCodec.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(frame);
            }

            wire.AdvanceTo(buffer.Start, buffer.End);
        }

        return frames;
    }

    private sealed class TestPipe(PipeReader input, PipeWriter output) : SiloPipe
    {
        public override PipeReader Input => input;

        public override PipeWriter Output => output;

        public override string RemoteEndPoint => "test";

        public override void Abort(Exception reason)
        {
            input.CancelPendingRead();
            output.CancelPendingFlush();
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
