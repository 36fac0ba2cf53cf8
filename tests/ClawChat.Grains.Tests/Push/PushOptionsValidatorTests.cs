using ClawChat.Grains.Interfaces.Configuration;

namespace ClawChat.Grains.Tests.Push;

public sealed class PushOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new PushOptionsValidator().Validate(null, new PushOptions()).Succeeded);
    }

    [Fact]
    public void BadValues_AreReportedWithTheirKey()
    {
        var options = new PushOptions
        {
            MaxDeliveryAttempts = 0,
            InitialRetryDelay = TimeSpan.FromSeconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            AllowedNetworks = ["localhost"],
        };

        var result = new PushOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ClawChat:Push:MaxDeliveryAttempts must be between 1 and 100 (got 0)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ClawChat:Push:MaxRetryDelay", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'localhost'", result.FailureMessage, StringComparison.Ordinal);
    }
}
