using System.IO.Pipelines;
using ClawChat.Runtime.Cluster.Transport.Connections;

namespace ClawChat.Runtime.Cluster.Transport.InMemory;

/// <summary>One end of an in-memory connection: reads the link coming in, writes the link going out.</summary>
internal sealed class InMemorySiloPipe(InMemoryLink incoming, InMemoryLink outgoing) : SiloPipe
{
    public override PipeReader Input => incoming.Reader;

    public override PipeWriter Output => outgoing.Writer;

    public override string RemoteEndPoint => $"in-memory {incoming.From}";

    /// <summary>Resets both directions, as closing a socket does.</summary>
    public override void Abort(Exception reason)
    {
        incoming.Abort(reason);
        outgoing.Abort(reason);
    }

    public override async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
    }
}
