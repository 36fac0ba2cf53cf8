using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Accounts;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Login_PastTheBurst_IsLimitExceeded_WithRetryAfter()
    {
        await using var silo = await RunningSilo.StartAsync(
            "--ClawChat:RateLimits:Enabled", "true",
            "--ClawChat:RateLimits:Login:Burst", "2",
            "--ClawChat:RateLimits:Login:PerMinute", "1");
        var anonymous = MatrixTestClient.Anonymous(silo);
        var body = LoginTests.PasswordLogin("nobody", "pw");

        (await anonymous.PostAsync("/_matrix/client/v3/login", body.DeepClone())).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await anonymous.PostAsync("/_matrix/client/v3/login", body.DeepClone())).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        var limited = (await anonymous.PostAsync("/_matrix/client/v3/login", body.DeepClone())).AssertError(HttpStatusCode.TooManyRequests, "M_LIMIT_EXCEEDED");

        var retryMs = limited["retry_after_ms"].GetInt64();
        Assert.InRange(retryMs, 1, 60_000);
        Assert.Equal(TimeSpan.FromSeconds((retryMs + 999) / 1000), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Register_PastTheBurst_IsLimitExceeded_ButLoginIsCountedSeparately()
    {
        await using var silo = await RunningSilo.StartAsync(
            "--ClawChat:RateLimits:Enabled", "true",
            "--ClawChat:RateLimits:Register:Burst", "1",
            "--ClawChat:RateLimits:Register:PerMinute", "1");
        var anonymous = MatrixTestClient.Anonymous(silo);

        (await anonymous.PostAsync("/_matrix/client/v3/register", new { })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await anonymous.GetAsync("/_matrix/client/v3/register/available?username=x")).AssertError(HttpStatusCode.TooManyRequests, "M_LIMIT_EXCEEDED");

        (await anonymous.PostAsync("/_matrix/client/v3/login", LoginTests.PasswordLogin("nobody", "pw"))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task Disabled_LetsEveryRequestThrough()
    {
        await using var silo = await RunningSilo.StartAsync(
            "--ClawChat:RateLimits:Enabled", "false",
            "--ClawChat:RateLimits:Login:Burst", "1");
        var anonymous = MatrixTestClient.Anonymous(silo);

        for (var i = 0; i < 3; i++)
        {
            (await anonymous.PostAsync("/_matrix/client/v3/login", LoginTests.PasswordLogin("nobody", "pw"))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        }
    }
}
