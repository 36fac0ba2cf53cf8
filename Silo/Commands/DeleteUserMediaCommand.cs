using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Identifiers;
using ClawChat.Silo.Hosting;
using ClawChat.Storage.Migrations;

namespace ClawChat.Silo.Commands;

/// <summary>
/// <c>delete-user-media &lt;@user:server&gt;</c>: deletes every piece of media the user uploaded (their mxc URIs
/// then answer 404) and the content files and thumbnails nothing else references, through
/// <see cref="IMediaService.DeleteUserMediaAsync"/>. Other arguments are configuration
/// (<c>--ClawChat:DataDirectory /var/lib/clawchat</c>). Safe while the server runs: content is deleted under the
/// same per-hash lock uploads take, so an identical upload arriving meanwhile keeps its file.
/// </summary>
public static class DeleteUserMediaCommand
{
    public const string Name = "delete-user-media";

    public const string Usage = Name + " <@user:server> [--ClawChat:Key value …]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryParse(args, out var user, out var configuration, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync("Usage: " + Usage);
            return AdminCommandLine.Usage;
        }

        var builder = WebApplication.CreateBuilder(["--Logging:LogLevel:Default", "Warning", .. configuration]);
        builder.AddClawChatSilo();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<IStorageMigrator>().MigrateAsync();
        var report = await app.Services.GetRequiredService<IMediaService>().DeleteUserMediaAsync(user);
        await output.WriteLineAsync($"Deleted {report.MediaDeleted} media of {user} and {report.ContentFilesDeleted} content files no longer referenced.");
        return AdminCommandLine.Success;
    }

    internal static bool TryParse(string[] args, out UserId user, out string[] configuration, out string problem)
    {
        user = default;
        problem = string.Empty;
        var settings = new List<string>();
        string? userArgument = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                settings.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }
            }
            else if (userArgument is null)
            {
                userArgument = arg;
            }
            else
            {
                problem = $"Unexpected argument '{arg}'.";
                configuration = [];
                return false;
            }
        }

        configuration = settings.ToArray();
        if (userArgument is null)
        {
            problem = "The user id (@localpart:server) whose media to delete is required.";
            return false;
        }

        if (!UserId.TryParse(userArgument, out user))
        {
            problem = $"'{userArgument}' is not a user id such as @alice:example.org.";
            return false;
        }

        return true;
    }
}
