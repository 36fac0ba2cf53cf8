using System.Diagnostics;
using System.Text;
using ClawChat.Testing;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.EndToEnd;

/// <summary>
/// Runs <c>tests/e2e/nio_rooms.py</c> — a real Matrix client library (matrix-nio, Debian's
/// <c>python3-matrix-nio</c>) registering, creating a room, inviting, joining, sending 100 messages, paginating
/// back, editing, reacting and redacting — against a real silo.
/// </summary>
public sealed class NioRoomsEndToEndTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task NioRoomsScript_PassesAllChecks()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: apt-get install -y python3 python3-matrix-nio");
        var script = Path.Combine(FindRepositoryRoot(), "tests", "e2e", "nio_rooms.py");
        await using var silo = await RunningSilo.StartAsync();
        var url = silo.Client.BaseAddress!.ToString().TrimEnd('/');

        var (exitCode, text) = await RunAsync(Python, script, url, silo.SharedSecret!);

        output.WriteLine(text);
        Assert.True(exitCode == 0 && text.Contains("all checks passed", StringComparison.Ordinal), $"nio_rooms.py exited with {exitCode}:\n{text}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var text = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            text.Append("(killed: no exit within ").Append(Deadline).AppendLine(")");
        }

        text.Append(await stdout).Append(await stderr);
        return (process.HasExited ? process.ExitCode : -1, text.ToString());
    }

    /// <summary>The folder holding ClawChat.Orleans.sln, found by walking up from the test binaries.</summary>
    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClawChat.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ClawChat.Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
