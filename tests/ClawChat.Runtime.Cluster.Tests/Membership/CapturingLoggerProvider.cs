using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>Keeps every log line (with a timestamp) so a test can print or assert on them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly DateTime _started = DateTime.UtcNow;

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Lines.Enqueue($"{(DateTime.UtcNow - owner._started).TotalMilliseconds,7:0} {logLevel,-11} {category}[{eventId.Id}] {formatter(state, exception)}");
    }
}
