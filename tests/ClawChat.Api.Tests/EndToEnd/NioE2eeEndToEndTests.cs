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
    [Fact]
    public async Task NioE2eeScript_PassesAllChecks()
    {
        await using var silo = await RunningSilo.StartAsync();
        var url = silo.Client.BaseAddress!.ToString().TrimEnd('/');

        await E2eScript.AssertPassesAsync(output, "nio_e2ee.py", url, silo.SharedSecret!);
    }
}
