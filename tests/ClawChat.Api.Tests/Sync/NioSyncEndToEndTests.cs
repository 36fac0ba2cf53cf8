using System.Diagnostics;
using System.Runtime.CompilerServices;
using ClawChat.Testing;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.Sync;

/// <summary>Runs <c>tests/e2e/nio_sync.py</c> — two matrix-nio clients chatting through nio's own sync loop, seeing
/// each other's typing and read receipts — against a real silo. Needs Debian's python3-matrix-nio
/// (<c>apt-get install python3-matrix-nio</c>) under <c>/usr/bin/python3</c>.</summary>
public sealed class NioSyncEndToEndTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task MatrixNio_TwoUsersChat_ThroughTheSyncLoop_WithTypingAndReceipts()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3 and python3-matrix-nio (apt-get install python3-matrix-nio).");
        var script = FindScript();
        await using var silo = await RunningSilo.StartAsync();
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { script, silo.Client.BaseAddress!.ToString().TrimEnd('/'), silo.SharedSecret! },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"nio_sync.py did not finish within 3 minutes. Output so far:\n{await stdout}\n{await stderr}");
        }

        var text = await stdout + "\n" + await stderr;
        output.WriteLine(text);
        Assert.True(
            process.ExitCode == 0 && text.Contains("all checks passed", StringComparison.Ordinal),
            $"nio_sync.py exited with {process.ExitCode} (if 'No module named nio': apt-get install python3-matrix-nio):\n{text}");
    }

    /// <summary>The script next to this source file's tree (or above the test binaries, when built elsewhere).</summary>
    private static string FindScript([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tests", "e2e", "nio_sync.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("tests/e2e/nio_sync.py not found above " + AppContext.BaseDirectory);
    }
}
