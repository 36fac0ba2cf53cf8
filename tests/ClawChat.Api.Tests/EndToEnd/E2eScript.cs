using System.Diagnostics;
using System.Text;
using ClawChat.Testing;
using ClawChat.Testing.FakeOpenAi;

namespace ClawChat.Api.Tests.EndToEnd;

/// <summary>Runs one of the Python end-to-end scripts in <c>tests/e2e</c> (matrix-nio from Debian's
/// <c>python3-matrix-nio</c>, crypto from <c>python3-olm</c>) with a deadline, and checks its verdict.</summary>
internal static class E2eScript
{
    public const string Python = "/usr/bin/python3";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Runs <c>tests/e2e/<paramref name="script"/></c> with <paramref name="arguments"/>, writes its output to
    /// the test log and asserts it exited 0 after printing "all checks passed".</summary>
    public static async Task AssertPassesAsync(Xunit.Abstractions.ITestOutputHelper output, string script, params string[] arguments)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: apt-get install -y python3 python3-matrix-nio python3-olm");
        var path = Path.Combine(FindRepositoryRoot(), "tests", "e2e", script);
        var (exitCode, text) = await RunAsync(Python, [path, .. arguments]);
        output.WriteLine(text);
        Assert.True(exitCode == 0 && text.Contains("all checks passed", StringComparison.Ordinal), $"{script} exited with {exitCode}:\n{text}");
    }

    /// <summary>A silo with one streaming bot (<paramref name="botId"/>) whose model is <paramref name="model"/>;
    /// edits every 200 ms so a short scripted answer still streams as several edits.</summary>
    public static Task<RunningSilo> StartBotSiloAsync(FakeOpenAiServer model, string botId, string systemPrompt) =>
        RunningSilo.StartAsync(
            "--ClawChat:Bots:0:UserId", botId,
            "--ClawChat:Bots:0:DisplayName", "ClawBot",
            "--ClawChat:Bots:0:Backend", "openai",
            "--ClawChat:Bots:0:Endpoint", model.BaseUrl,
            "--ClawChat:Bots:0:Model", "fake-model",
            "--ClawChat:Bots:0:ApiKey", "sk-e2e-not-a-real-key",
            "--ClawChat:Bots:0:SystemPrompt", systemPrompt,
            "--ClawChat:Bots:0:Streaming", "true",
            "--ClawChat:Bots:0:RequestTimeout", "00:00:20",
            "--ClawChat:BotLimits:EditInterval", "00:00:00.200");

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments)
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
