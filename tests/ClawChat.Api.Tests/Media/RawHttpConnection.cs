using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ClawChat.Api.Tests.Media;

/// <summary>HTTP/1.1 over a bare socket, for what HttpClient hides: a chunked body that keeps coming after the
/// server has answered, and a Content-Length promise that is never kept.</summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri baseAddress)
    {
        var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        return new RawHttpConnection(client);
    }

    public Task SendHeadAsync(string method, string path, string host, IEnumerable<string> headers) =>
        _stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n")).AsTask();

    /// <summary>Writes one chunk of a chunked body; false once the server stopped accepting data.</summary>
    public async Task<bool> TrySendChunkAsync(byte[] chunk)
    {
        try
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            await _stream.WriteAsync(chunk);
            await _stream.WriteAsync("\r\n"u8.ToArray());
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads one response: status code and body (by Content-Length, or to the end of the connection).</summary>
    public async Task<(int Status, string Body)> ReadResponseAsync()
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await _stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The connection closed before a whole response head arrived.");
            }

            received.Write(buffer, 0, read);
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headerEnd);
        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? (int?)null : int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
        var bodyStart = headerEnd + 4;
        while (length is null || received.Length - bodyStart < length)
        {
            var read = await _stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return (status, Encoding.UTF8.GetString(received.GetBuffer(), bodyStart, (int)received.Length - bodyStart));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int IndexOfHeaderEnd(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
}
