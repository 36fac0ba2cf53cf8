using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Checks <see cref="SiloTransportOptions"/>; each message names the key and the bad value.</summary>
public sealed class SiloTransportOptionsValidator : IValidateOptions<SiloTransportOptions>
{
    private const string Section = SiloTransportOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SiloTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Positive(failures, Section, nameof(options.ConnectTimeout), options.ConnectTimeout);
        OptionChecks.Positive(failures, Section, nameof(options.ReconnectDelay), options.ReconnectDelay);
        OptionChecks.Positive(failures, Section, nameof(options.DeadlineCheckPeriod), options.DeadlineCheckPeriod);
        if (options.MaxReconnectDelay < options.ReconnectDelay)
        {
            failures.Add($"{Section}:MaxReconnectDelay ({options.MaxReconnectDelay}) must be at least ReconnectDelay ({options.ReconnectDelay}).");
        }

        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{Section}:DrainTimeout must be between 0 and 30 s; got {options.DrainTimeout}.");
        }

        if (options.SendQueueCapacity < 1)
        {
            failures.Add($"{Section}:SendQueueCapacity must be at least 1; got {options.SendQueueCapacity}.");
        }

        // One frame of the maximum size must fit, or a large message could never be sent.
        if (options.SendQueueMaxBytes < Framing.ClusterMessageCodec.MaxFrameLength + sizeof(uint))
        {
            failures.Add($"{Section}:SendQueueMaxBytes must be at least {Framing.ClusterMessageCodec.MaxFrameLength + sizeof(uint)} (one maximum frame); got {options.SendQueueMaxBytes}.");
        }

        if (options.MaxConcurrentRequestsPerConnection < 1)
        {
            failures.Add($"{Section}:MaxConcurrentRequestsPerConnection must be at least 1; got {options.MaxConcurrentRequestsPerConnection}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void ThrowIfInvalid(SiloTransportOptions options)
    {
        var result = new SiloTransportOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(SiloTransportOptions), typeof(SiloTransportOptions), result.Failures);
        }
    }
}
