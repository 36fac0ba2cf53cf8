using System.Diagnostics;
using System.Net.Sockets;

namespace ClawChat.Benchmarks.Runtime;

/// <summary>RSS of an idle dev-mode silo process (goal ≤ 60 MB): starts the built Silo (Release) with
/// embedded SQLite on a free port, waits until ready, lets it idle, reads VmRSS from /proc. With
/// <c>longPolls</c> &gt; 0 it then holds that many <c>/sync</c> long-polls open against it and reports RSS and
/// the silo's CPU while they wait (issue: "idle long-polls: RSS and CPU with 10,000 connections waiting").</summary>
internal static class IdleSiloRssBenchmark
{
    public static async Task RunAsync(string siloDll, TimeSpan idle, int longPolls = 0)
    {
        if (!File.Exists(siloDll))
        {
            Console.Error.WriteLine($"{siloDll} not found: build first with `dotnet build Silo -c Release`.");
            Environment.ExitCode = 2;
            return;
        }

        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "clawchat-rss-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [siloDll, "--urls", $"http://127.0.0.1:{port}", "--ClawChat:DataDirectory", data, "--Logging:LogLevel:Default", "Warning",
            "--ClawChat:Registration:SharedSecret", SharedSecret, "--ClawChat:RateLimits:Enabled", "false"])
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
            if (longPolls > 0)
            {
                await HoldLongPollsAsync(process.Id, port, longPolls, idle);
            }
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

    private const string SharedSecret = "benchmark-shared-secret-0123456789";

    private static async Task HoldLongPollsAsync(int pid, int port, int count, TimeSpan idle)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = count + 16, ConnectTimeout = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        var nonce = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/_synapse/admin/v1/register")).RootElement.GetProperty("nonce").GetString()!;
        var user = "bench" + Guid.NewGuid().ToString("N")[..8];
        var mac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA1.HashData(
            System.Text.Encoding.UTF8.GetBytes(SharedSecret), System.Text.Encoding.UTF8.GetBytes($"{nonce}\0{user}\0pw-{user}\0notadmin")));
        using var registered = await http.PostAsync("/_synapse/admin/v1/register", new StringContent(
            $$"""{"nonce":"{{nonce}}","username":"{{user}}","password":"pw-{{user}}","admin":false,"mac":"{{mac}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var token = System.Text.Json.JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var since = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/_matrix/client/v3/sync?timeout=0")).RootElement.GetProperty("next_batch").GetString()!;

        using var stop = new CancellationTokenSource();
        var polls = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            try
            {
                using var response = await http.GetAsync($"/_matrix/client/v3/sync?timeout=60000&since={Uri.EscapeDataString(since)}", stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();

        // Let every long-poll connect and settle, then measure while they only wait.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var cpuBefore = CpuTicks(pid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(idle);
        var cpuMs = (CpuTicks(pid) - cpuBefore) * 1000.0 / 100; // USER_HZ = 100 on Linux
        Console.WriteLine($"silo RSS with {count:N0} long-polls:  {Rss(pid) / 1024.0:N1} MB ({polls.Count(p => !p.IsCompleted):N0} still waiting)");
        Console.WriteLine($"silo CPU while they waited:        {cpuMs:N0} ms over {watch.Elapsed.TotalSeconds:N1} s ({cpuMs / watch.Elapsed.TotalMilliseconds:P2} of one core)");
        await stop.CancelAsync();
        await Task.WhenAll(polls);
    }

    private static long CpuTicks(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
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
