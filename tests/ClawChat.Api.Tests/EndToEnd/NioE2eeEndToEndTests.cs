using System.Diagnostics;
using System.Text;
using ClawChat.Testing;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.EndToEnd;

/// <summary>
/// Runs <c>tests/e2e/nio_e2ee.py</c> — matrix-nio with real Olm/Megolm crypto (Debian's <c>python3-matrix-nio</c>
/// and <c>python3-olm</c>) against a real silo: device keys, an encrypted room, messages decrypted both ways, a
/// second device receiving room keys by to-device, and a server-side key backup round trip whose session data is
/// encrypted with <c>olm.pk</c> (DIGEST §12, issue 6).
/// </summary>
public sealed class NioE2eeEndToEndTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task NioE2eeScript_PassesAllChecks()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: apt-get install -y python3 python3-matrix-nio python3-olm");
        var script = Path.Combine(FindRepositoryRoot(), "tests", "e2e", "nio_e2ee.py");
        await using var silo = await RunningSilo.StartAsync();
        var url = silo.Client.BaseAddress!.ToString().TrimEnd('/');

        var (exitCode, text) = await RunAsync(Python, script, url, silo.SharedSecret!);

        output.WriteLine(text);
        Assert.True(exitCode == 0 && text.Contains("all checks passed", StringComparison.Ordinal), $"nio_e2ee.py exited with {exitCode}:\n{text}");
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
