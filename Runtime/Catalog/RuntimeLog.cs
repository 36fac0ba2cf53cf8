using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Catalog;

/// <summary>The runtime's log messages (source-generated). Event ids 1000–1099.</summary>
internal sealed partial class RuntimeLog(ILogger logger)
{
    public void Activated(GrainId grainId) => Log.Activated(logger, grainId);

    public void ActivationFailed(GrainId grainId, Exception exception) => Log.ActivationFailed(logger, grainId, exception);

    public void Deactivated(GrainId grainId, DeactivationReason reason) => Log.Deactivated(logger, grainId, reason.ToString());

    public void DeactivationFailed(GrainId grainId, Exception exception) => Log.DeactivationFailed(logger, grainId, exception);

    public void DeactivationStuck(GrainId grainId, TimeSpan timeout) => Log.DeactivationStuck(logger, grainId, timeout);

    public void WorkItemFailed(GrainId grainId, Exception exception) => Log.WorkItemFailed(logger, grainId, exception);

    public void LongTurn(GrainId grainId, long milliseconds) => Log.LongTurn(logger, grainId, milliseconds);

    public void TimerFailed(GrainId grainId, Exception exception) => Log.TimerFailed(logger, grainId, exception);

    public void OneWayFailed(string method, GrainId grainId, Exception exception) => Log.OneWayFailed(logger, method, grainId, exception);

    public void Shedding(double percent, int count) => Log.Shedding(logger, percent, count);

    public void Collected(int count) => Log.Collected(logger, count);

    public void ShutdownIncomplete(int remaining) => Log.ShutdownIncomplete(logger, remaining);

    public void ShutdownStepFailed(Exception exception) => Log.ShutdownStepFailed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1000, LogLevel.Trace, "Activated {GrainId}")]
        public static partial void Activated(ILogger logger, GrainId grainId);

        [LoggerMessage(1001, LogLevel.Warning, "Activation of {GrainId} failed")]
        public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

        [LoggerMessage(1002, LogLevel.Trace, "Deactivated {GrainId} ({Reason})")]
        public static partial void Deactivated(ILogger logger, GrainId grainId, string reason);

        [LoggerMessage(1003, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed")]
        public static partial void DeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

        [LoggerMessage(1004, LogLevel.Warning, "Requests of {GrainId} still ran {Timeout} after deactivation began; deactivating anyway")]
        public static partial void DeactivationStuck(ILogger logger, GrainId grainId, TimeSpan timeout);

        [LoggerMessage(1005, LogLevel.Error, "A work item of {GrainId} threw")]
        public static partial void WorkItemFailed(ILogger logger, GrainId grainId, Exception exception);

        [LoggerMessage(1006, LogLevel.Warning, "A turn of {GrainId} took {Milliseconds} ms; grain code must not block")]
        public static partial void LongTurn(ILogger logger, GrainId grainId, long milliseconds);

        [LoggerMessage(1007, LogLevel.Warning, "A timer of {GrainId} failed")]
        public static partial void TimerFailed(ILogger logger, GrainId grainId, Exception exception);

        [LoggerMessage(1008, LogLevel.Debug, "One-way call {Method} to {GrainId} failed")]
        public static partial void OneWayFailed(ILogger logger, string method, GrainId grainId, Exception exception);

        [LoggerMessage(1009, LogLevel.Warning, "Memory use at {Percent:0.0}%: shedding {Count} idle activations")]
        public static partial void Shedding(ILogger logger, double percent, int count);

        [LoggerMessage(1010, LogLevel.Debug, "Collected {Count} idle activations")]
        public static partial void Collected(ILogger logger, int count);

        [LoggerMessage(1011, LogLevel.Warning, "Shutdown deadline passed with {Remaining} activations not deactivated")]
        public static partial void ShutdownIncomplete(ILogger logger, int remaining);

        [LoggerMessage(1012, LogLevel.Warning, "A cluster shutdown step failed; continuing")]
        public static partial void ShutdownStepFailed(ILogger logger, Exception exception);
    }
}
