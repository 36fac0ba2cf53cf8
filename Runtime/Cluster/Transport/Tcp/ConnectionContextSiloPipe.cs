using System.IO.Pipelines;
using ClawChat.Runtime.Cluster.Transport.Connections;
using Microsoft.AspNetCore.Connections;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>The accepting side's stream: a Kestrel connection. Kestrel owns the socket and closes it when the
/// connection handler returns.</summary>
internal sealed class ConnectionContextSiloPipe(ConnectionContext connection) : SiloPipe
{
    public override PipeReader Input => connection.Transport.Input;

    public override PipeWriter Output => connection.Transport.Output;

    public override string RemoteEndPoint { get; } = connection.RemoteEndPoint?.ToString() ?? connection.ConnectionId;

    public override void Abort(Exception reason) => connection.Abort(new ConnectionAbortedException(reason.Message, reason));

    public override async ValueTask DisposeAsync()
    {
        await connection.Transport.Input.CompleteAsync().ConfigureAwait(false);
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    }
}
