using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClawChat.Runtime.Redis.Tests.Infrastructure;

/// <summary>
/// A private redis-server on a free loopback port, with no persistence, killed on dispose.
/// Can be killed and restarted on the same port to test reconnects.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private const string ServerPath = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("clawchat-redis-").FullName;
    private readonly Queue<string> _output = new();
    private Process? _process;

    private RedisServerProcess(int port, string? password)
    {
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string? Password { get; }

    public string ConnectionString => $"127.0.0.1:{Port}" + (Password is null ? string.Empty : $",password={Password}");

    public static async Task<RedisServerProcess> StartAsync(string? password = null)
    {
        if (!File.Exists(ServerPath))
            throw new InvalidOperationException($"{ServerPath} not found: install it with 'apt-get install redis-server' (Redis 7) to run these tests.");

        var server = new RedisServerProcess(FreePort(), password);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Options for this server with short timeouts suited to tests.</summary>
    public RedisOptions Options(int database = 0, TimeSpan? commandTimeout = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Password = Password,
        Database = database,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(5),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>Starts the server (again) on the same port and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("The server is already running.");

        var start = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--save", "", "--appendonly", "no", "--dir", _directory, "--enable-debug-command", "local"])
        {
            start.ArgumentList.Add(argument);
        }

        if (Password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(Password);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPingAsync();
    }

    /// <summary>SIGKILLs the server and waits for it to exit: clients see their connections reset.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 50)
                _output.Dequeue();
        }
    }

    private async Task WaitForPingAsync()
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
                break;
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));

                // +PONG, or -NOAUTH when a password is required: either way it is serving.
                if (read > 0 && buffer[0] is (byte)'+' or (byte)'-')
                    return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
            {
                last = ex;
            }

            await Task.Delay(20);
        }

        string output;
        lock (_output)
            output = string.Join('\n', _output);
        throw new InvalidOperationException(
            $"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s (last error: {last?.Message}). Output:\n{output}");
    }
}
