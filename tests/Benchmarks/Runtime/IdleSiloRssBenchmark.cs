using System.Diagnostics;
using System.Net.Sockets;

namespace ClawChat.Benchmarks.Runtime;

/// <summary>RSS of an idle dev-mode silo process (goal ≤ 60 MB): starts the built Silo (Release) with
/// embedded SQLite on a free port, waits until ready, lets it idle, reads VmRSS from /proc.</summary>
internal static class IdleSiloRssBenchmark
{
    public static async Task RunAsync(string siloDll, TimeSpan idle)
    {
        if (!File.Exists(siloDll))
        {
            Console.Error.WriteLine($"{siloDll} not found: build first with `dotnet build Silo -c Release`.");
            Environment.ExitCode = 2;
            return;
        }

        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "clawchat-rss-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [siloDll, "--urls", $"http://127.0.0.1:{port}", "--ClawChat:DataDirectory", data, "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("/health/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("silo did not become ready within 60 s");
                }

                await Task.Delay(100);
            }

            (await http.GetAsync("/_matrix/client/versions")).Dispose();
            var ready = Rss(process.Id);
            await Task.Delay(idle);
            var idleRss = Rss(process.Id);
            Console.WriteLine($"silo RSS right after ready:        {ready / 1024.0:N1} MB");
            Console.WriteLine($"silo RSS after {idle.TotalSeconds:N0} s idle:          {idleRss / 1024.0:N1} MB");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
