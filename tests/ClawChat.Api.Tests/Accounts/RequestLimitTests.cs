using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class RequestLimitTests
{
    [Fact]
    public async Task ABodyOverMaxRequestBytes_IsTooLarge()
    {
        await using var silo = await RunningSilo.StartAsync("--ClawChat:MaxRequestBytes", "2048");
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var body = "{\"displayname\": \"" + new string('x', 4096) + "\"}";

        (await alice.PutAsync("/_matrix/client/v3/profile/" + MatrixTestClient.Escape(alice.UserId) + "/displayname", body))
            .AssertError(HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE");
        (await MatrixTestClient.Anonymous(silo).PostAsync("/_matrix/client/v3/login", body)).AssertError(HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE");
    }
}
