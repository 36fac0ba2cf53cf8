using System.IO.Pipelines;
using System.Net.Sockets;
using ClawChat.Runtime.Cluster.Transport.Connections;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>The dialling side's stream: a connected socket wrapped in pipes (brief C7: Socket +
/// PipeReader/PipeWriter over NetworkStream).</summary>
internal sealed class SocketSiloPipe : SiloPipe
{
    /// <summary>Read buffer per connection: big enough that a burst of small frames is one syscall, small enough
    /// that hundreds of peers stay in the pipes budget.</summary>
    private const int BufferSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    public SocketSiloPipe(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown";
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: 4096, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public override PipeReader Input { get; }

    public override PipeWriter Output { get; }

    public override string RemoteEndPoint { get; }

    /// <summary>Closing the socket fails the pending read and write at once; the peer sees the connection end.</summary>
    public override void Abort(Exception reason) => _socket.Dispose();

    public override async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
