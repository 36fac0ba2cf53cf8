using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ClawChat.Cluster.Tests;

/// <summary>One real silo process (the built ClawChat.Silo) in cluster mode on loopback ports.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int httpPort, int siloPort, string dataDirectory)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public override string ToString() => $"silo http:{HttpPort} silo-port:{SiloPort}";

    public static async Task<SiloProcess> StartAsync(ClusterSettings settings)
    {
        var httpPort = FreePort();
        var siloPort = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "clawchat-cluster-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            SiloDll(), "--urls", $"http://127.0.0.1:{httpPort}",
            "--ClawChat:DataDirectory", data,
            "--ClawChat:Storage:Postgres", settings.Postgres,
            "--ClawChat:Cluster:Redis", settings.Redis,
            "--ClawChat:Cluster:ClusterId", settings.ClusterId,
            "--ClawChat:Cluster:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ClawChat:Cluster:AdvertisedAddress", "127.0.0.1",
            "--ClawChat:Registration:SharedSecret", settings.SharedSecret,
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var silo = new SiloProcess(Process.Start(start)!, httpPort, siloPort, data);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return silo;
    }

    /// <summary>kill -9.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, then wait for the graceful shutdown to finish.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{this} exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{this} was not ready within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>The Silo built in the same configuration as this test assembly.</summary>
    private static string SiloDll()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = new DirectoryInfo(here);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClawChat.Orleans.sln")))
        {
            dir = dir.Parent;
        }

        var dll = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repo root not found"), "Silo", "bin", configuration, "net10.0", "ClawChat.Silo.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} not found: build the solution first (./test.sh does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What every silo process of one test cluster shares.</summary>
public sealed record ClusterSettings(string Redis, string Postgres, string ClusterId, string SharedSecret);
