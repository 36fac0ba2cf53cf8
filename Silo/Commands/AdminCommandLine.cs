namespace ClawChat.Silo.Commands;

/// <summary>
/// Admin commands of the silo executable: <c>dotnet run --project Silo -- &lt;command&gt; …</c>. A command runs
/// against the configured storage (same <c>appsettings.json</c>, environment and <c>--ClawChat:…</c> settings as
/// the server), does its work without listening on any port, and exits. Without a known command the
/// executable runs the server.
/// </summary>
public static class AdminCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>Whether <paramref name="args"/> start with an admin command.</summary>
    public static bool IsCommand(string[] args) => args is [RegisterUserCommand.Name, ..] or [DeleteUserMediaCommand.Name, ..] or ["help" or "--help" or "-h"];

    /// <summary>Runs the admin command in <paramref name="args"/> and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args switch
        {
            [RegisterUserCommand.Name, .. var rest] => await RegisterUserCommand.RunAsync(rest, input, output, error),
            [DeleteUserMediaCommand.Name, .. var rest] => await DeleteUserMediaCommand.RunAsync(rest, output, error),
            _ => PrintUsage(output),
        };
    }

    private static int PrintUsage(TextWriter output)
    {
        output.WriteLine("Usage:");
        output.WriteLine("  ClawChat.Silo [--ClawChat:Key value …]              run the homeserver");
        output.WriteLine("  ClawChat.Silo " + RegisterUserCommand.Usage);
        output.WriteLine("  ClawChat.Silo " + DeleteUserMediaCommand.Usage);
        return Usage;
    }
}
