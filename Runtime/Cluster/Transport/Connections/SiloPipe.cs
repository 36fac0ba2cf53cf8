using System.IO.Pipelines;

namespace ClawChat.Runtime.Cluster.Transport.Connections;

/// <summary>The byte stream under one silo connection (a socket, a Kestrel connection or an in-memory pipe
/// pair), so framing, queues and correlation are written once for all of them.</summary>
internal abstract class SiloPipe : IAsyncDisposable
{
    public abstract PipeReader Input { get; }

    public abstract PipeWriter Output { get; }

    /// <summary>For logs: where the other end is.</summary>
    public abstract string RemoteEndPoint { get; }

    /// <summary>Tears the stream down now: the peer sees a reset and our pending reads and flushes end.</summary>
    public abstract void Abort(Exception reason);

    public abstract ValueTask DisposeAsync();
}
