using System.Net;
using ClawChat.Silo.Commands;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Media;

/// <summary><c>dotnet run --project Silo -- delete-user-media @user:server</c>.</summary>
public sealed class DeleteUserMediaCommandTests
{
    [Fact]
    public async Task DeleteUserMedia_RemovesTheUsersMedia_WhileTheServerRuns()
    {
        await using var silo = await RunningSilo.StartAsync();
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var bob = await MatrixTestClient.RegisterAsync(silo);
        byte[] shared = [1, 2, 3];
        var alicesShared = await MediaHttp.UploadAsync(alice, shared);
        var alicesOwn = await MediaHttp.UploadAsync(alice, [9, 9, 9, 9]);
        var bobsShared = await MediaHttp.UploadAsync(bob, shared);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await AdminCommandLine.RunAsync(["delete-user-media", alice.UserId, "--ClawChat:DataDirectory", silo.DataDirectory], TextReader.Null, output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Equal($"Deleted 2 media of {alice.UserId} and 1 content files no longer referenced.", output.ToString().Trim());
        foreach (var gone in new[] { alicesShared, alicesOwn })
        {
            using var response = await MediaHttp.GetAsync(bob, MediaHttp.Download(gone));
            await MediaHttp.AssertErrorAsync(response, HttpStatusCode.NotFound, "M_NOT_FOUND");
        }

        using var kept = await MediaHttp.GetAsync(bob, MediaHttp.Download(bobsShared));
        Assert.Equal(shared, await kept.Content.ReadAsByteArrayAsync());
        var contentDirectory = Path.Combine(silo.DataDirectory, "media", "content");
        Assert.Single(Directory.GetFiles(contentDirectory, "*", SearchOption.AllDirectories), f => !Path.GetRelativePath(contentDirectory, f).StartsWith("tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("delete-user-media")]
    [InlineData("delete-user-media not-a-user-id")]
    [InlineData("delete-user-media @a:localhost @b:localhost")]
    public async Task DeleteUserMedia_WithBadArguments_PrintsUsage(string commandLine)
    {
        using var error = new StringWriter();

        var exit = await AdminCommandLine.RunAsync(commandLine.Split(' '), TextReader.Null, TextWriter.Null, error);

        Assert.Equal(AdminCommandLine.Usage, exit);
        Assert.Contains(DeleteUserMediaCommand.Usage, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsTheCommand()
    {
        using var output = new StringWriter();

        AdminCommandLine.RunAsync(["help"], TextReader.Null, output, TextWriter.Null).GetAwaiter().GetResult();

        Assert.Contains(DeleteUserMediaCommand.Usage, output.ToString(), StringComparison.Ordinal);
    }
}
