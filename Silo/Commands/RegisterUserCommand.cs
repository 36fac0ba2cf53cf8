using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using ClawChat.Silo.Hosting;
using ClawChat.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace ClawChat.Silo.Commands;

/// <summary>
/// <c>register-user &lt;localpart&gt; [--password &lt;p&gt;] [--admin] [--displayname &lt;name&gt;]</c>: creates a user
/// directly in the configured storage (migrating the schema first) through a silo that never listens. Without
/// <c>--password</c> the password is read from standard input (one line; typed without echo on a terminal).
/// Other arguments are configuration (<c>--ClawChat:DataDirectory /var/lib/clawchat</c>). Run it while the
/// server is stopped, or for a user the running server has not looked up: a running silo that already
/// holds that user in memory would not see the new account until it reloads it.
/// </summary>
public static class RegisterUserCommand
{
    public const string Name = "register-user";

    public const string Usage = Name + " <localpart> [--password <password>] [--admin] [--displayname <name>] [--ClawChat:Key value …]";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryParse(args, out var parsed, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync("Usage: " + Usage);
            return AdminCommandLine.Usage;
        }

        var builder = WebApplication.CreateBuilder(["--Logging:LogLevel:Default", "Warning", .. parsed.Configuration]);
        builder.AddClawChatSilo();
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<ClawChatOptions>>().Value;
        var server = ServerName.Parse(options.ServerName);
        var localpart = parsed.Localpart.ToLowerInvariant();
        if (!UserId.IsValidLocalpartForRegistration(localpart) || localpart.Length + server.Value.Length + 2 > 255)
        {
            await error.WriteLineAsync($"'{parsed.Localpart}' is not a valid localpart: use a-z, 0-9, '.', '_', '=', '-', '/' and '+'.");
            return AdminCommandLine.Usage;
        }

        var password = parsed.Password ?? ReadPassword(input, output);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("A password is required (--password, or one line on standard input).");
            return AdminCommandLine.Usage;
        }

        var userId = UserId.Create(localpart, server);
        await app.Services.GetRequiredService<IStorageMigrator>().MigrateAsync();
        var silo = app.Services.GetRequiredService<GrainSilo>();
        await silo.StartAsync();
        try
        {
            var result = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(userId.Value)
                .CreateAsync(new CreateAccountRequest(password, parsed.Admin, parsed.DisplayName, Device: null));
            if (!result.Created)
            {
                await error.WriteLineAsync($"{userId} already exists.");
                return AdminCommandLine.Failure;
            }
        }
        finally
        {
            await silo.StopAsync();
        }

        await output.WriteLineAsync($"Created {userId}{(parsed.Admin ? " (admin)" : string.Empty)}.");
        return AdminCommandLine.Success;
    }

    internal static bool TryParse(string[] args, out Arguments parsed, out string problem)
    {
        parsed = new Arguments();
        problem = string.Empty;
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--admin":
                    parsed.Admin = true;
                    break;
                case "--password" or "--displayname" when i + 1 >= args.Length:
                    problem = $"{arg} needs a value.";
                    return false;
                case "--password":
                    parsed.Password = args[++i];
                    break;
                case "--displayname":
                    parsed.DisplayName = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    configuration.Add(option);
                    if (!option.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                    {
                        configuration.Add(args[++i]);
                    }

                    break;
                case var localpart when parsed.Localpart.Length == 0:
                    parsed.Localpart = localpart;
                    break;
                default:
                    problem = $"Unexpected argument '{arg}'.";
                    return false;
            }
        }

        parsed.Configuration = configuration.ToArray();
        if (parsed.Localpart.Length == 0)
        {
            problem = "The localpart of the new user is required.";
            return false;
        }

        return true;
    }

    /// <summary>One line from <paramref name="input"/>; on an interactive terminal, typed without echo.</summary>
    private static string? ReadPassword(TextReader input, TextWriter output)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine();
        }

        output.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }

    internal sealed class Arguments
    {
        public string Localpart { get; set; } = string.Empty;

        public string? Password { get; set; }

        public string? DisplayName { get; set; }

        public bool Admin { get; set; }

        public string[] Configuration { get; set; } = [];
    }
}
