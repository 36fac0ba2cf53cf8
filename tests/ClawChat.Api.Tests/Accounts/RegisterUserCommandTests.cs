using ClawChat.Silo.Commands;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class RegisterUserCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-cmd-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task RegisterUser_CreatesAUserTheServerCanLogIn()
    {
        var localpart = MatrixTestClient.NewLocalpart();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await AdminCommandLine.RunAsync(
            ["register-user", localpart, "--password", "cmd-password", "--admin", "--ClawChat:DataDirectory", _dataDirectory],
            TextReader.Null, output, error);

        Assert.Equal(0, exit);
        Assert.Equal($"Created @{localpart}:localhost (admin).", output.ToString().Trim());
        await using var silo = await RunningSilo.StartAsync("--ClawChat:DataDirectory", _dataDirectory);
        var alice = await MatrixTestClient.LoginAsync(silo, localpart, "cmd-password");
        Assert.Equal($"@{localpart}:localhost", alice.UserId);
    }

    [Fact]
    public async Task RegisterUser_ReadsThePasswordFromStandardInput()
    {
        var localpart = MatrixTestClient.NewLocalpart();
        using var input = new StringReader("piped-password\n");

        var exit = await AdminCommandLine.RunAsync(["register-user", localpart, "--ClawChat:DataDirectory", _dataDirectory], input, TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, exit);
        await using var silo = await RunningSilo.StartAsync("--ClawChat:DataDirectory", _dataDirectory);
        await MatrixTestClient.LoginAsync(silo, localpart, "piped-password");
    }

    [Fact]
    public async Task RegisterUser_FailsForATakenName()
    {
        var localpart = MatrixTestClient.NewLocalpart();
        string[] args = ["register-user", localpart, "--password", "pw", "--ClawChat:DataDirectory", _dataDirectory];
        Assert.Equal(0, await AdminCommandLine.RunAsync(args, TextReader.Null, TextWriter.Null, TextWriter.Null));
        using var error = new StringWriter();

        var exit = await AdminCommandLine.RunAsync(args, TextReader.Null, TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "register-user" }, "localpart")]
    [InlineData(new[] { "register-user", "Bad Name!", "--password", "pw" }, "not a valid localpart")]
    [InlineData(new[] { "register-user", "bob", "--password" }, "needs a value")]
    [InlineData(new[] { "register-user", "bob", "extra", "--password", "pw" }, "Unexpected argument")]
    public async Task RegisterUser_ExplainsUsageErrors(string[] args, string message)
    {
        using var error = new StringWriter();

        var exit = await AdminCommandLine.RunAsync([args[0], "--ClawChat:DataDirectory", _dataDirectory, .. args[1..]], TextReader.Null, TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterUser_WithAnEmptyPassword_IsAUsageError()
    {
        var exit = await AdminCommandLine.RunAsync(["register-user", "bob", "--ClawChat:DataDirectory", _dataDirectory], new StringReader(string.Empty), TextWriter.Null, TextWriter.Null);

        Assert.Equal(2, exit);
    }
}
