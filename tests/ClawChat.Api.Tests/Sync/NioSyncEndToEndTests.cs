using ClawChat.Api.Tests.EndToEnd;
using ClawChat.Testing;
using Xunit.Abstractions;

namespace ClawChat.Api.Tests.Sync;

/// <summary>Runs <c>tests/e2e/nio_sync.py</c> — two matrix-nio clients chatting through nio's own sync loop, seeing
/// each other's typing and read receipts — against a real silo. Needs Debian's python3-matrix-nio
/// (<c>apt-get install python3-matrix-nio</c>) under <c>/usr/bin/python3</c>.</summary>
public sealed class NioSyncEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MatrixNio_TwoUsersChat_ThroughTheSyncLoop_WithTypingAndReceipts()
    {
        await using var silo = await RunningSilo.StartAsync();

        await E2eScript.AssertPassesAsync(output, "nio_sync.py", silo.Client.BaseAddress!.ToString().TrimEnd('/'), silo.SharedSecret!);
    }
}
