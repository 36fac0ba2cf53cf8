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
    [Fact]
    public async Task NioRoomsScript_PassesAllChecks()
    {
        await using var silo = await RunningSilo.StartAsync();
        var url = silo.Client.BaseAddress!.ToString().TrimEnd('/');

        await E2eScript.AssertPassesAsync(output, "nio_rooms.py", url, silo.SharedSecret!);
    }
}
