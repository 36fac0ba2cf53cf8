using Microsoft.Extensions.Options;

namespace ClawChat.Runtime.Hosting;

/// <summary>Options of the single-silo runtime (section <c>ClawChat:Runtime</c>).</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>Default time a caller waits for a response (Orleans: 30 s). A timeout is an unknown outcome.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Waiting requests per activation before new ones are rejected as overloaded (Orleans: unlimited).</summary>
    public int DefaultMaxQueue { get; set; } = 1000;

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle age after which an activation is collected, unless its class sets <see cref="CollectionAgeAttribute"/>.</summary>
    public TimeSpan DefaultCollectionAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bound on state loading plus <c>OnActivateAsync</c>.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on waiting for running requests plus <c>OnDeactivateAsync</c>.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on deactivating every grain at shutdown.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Managed memory use (percent of the available limit) above which idle activations are shed.</summary>
    public double MemoryLimitPercent { get; set; } = 80;

    /// <summary>Shedding stops below this percent.</summary>
    public double MemoryTargetPercent { get; set; } = 70;

    /// <summary>How often memory use is sampled.</summary>
    public TimeSpan MemoryCheckPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A turn (synchronous slice of grain code) longer than this is logged.</summary>
    public TimeSpan TurnWarningThreshold { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Validates <see cref="GrainRuntimeOptions"/>; messages name the key and the bad value.</summary>
public sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var errors = new List<string>();
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.ResponseTimeout), options.ResponseTimeout);
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.CollectionQuantum), options.CollectionQuantum);
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.DefaultCollectionAge), options.DefaultCollectionAge);
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.ActivationTimeout), options.ActivationTimeout);
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        OptionChecks.Positive(errors, "ClawChat:Runtime", nameof(options.MemoryCheckPeriod), options.MemoryCheckPeriod);
        if (options.DefaultMaxQueue < 1)
        {
            errors.Add($"ClawChat:Runtime:DefaultMaxQueue must be at least 1 (got {options.DefaultMaxQueue}).");
        }

        if (options.MemoryLimitPercent is <= 0 or > 100 || options.MemoryTargetPercent <= 0 || options.MemoryTargetPercent >= options.MemoryLimitPercent)
        {
            errors.Add($"ClawChat:Runtime:MemoryLimitPercent ({options.MemoryLimitPercent}) and MemoryTargetPercent ({options.MemoryTargetPercent}) must satisfy 0 < target < limit <= 100.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
