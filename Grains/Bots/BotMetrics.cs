using System.Diagnostics.Metrics;

namespace ClawChat.Grains.Bots;

/// <summary>
/// Bot metrics (issue 7 §6) on the meter <c>ClawChat.Bots</c>, every instrument tagged with the backend
/// (<c>openai</c>, <c>jsonrpc</c>): time to first token, total latency, tokens, errors by kind, and the platform
/// overhead from a user's message being persisted to the model request leaving. Read them with
/// <c>dotnet-counters</c>, a <see cref="MeterListener"/> (tests, benchmarks) or any OpenTelemetry exporter.
/// </summary>
public sealed class BotMetrics : IDisposable
{
    public const string MeterName = "ClawChat.Bots";

    private readonly Meter _meter;
    private readonly Histogram<double> _firstToken;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _completions;

    public BotMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _firstToken = _meter.CreateHistogram<double>("clawchat.bot.time_to_first_token", "ms", "From the model request leaving to the first answer token.");
        _latency = _meter.CreateHistogram<double>("clawchat.bot.latency", "ms", "From the model request leaving to the answer being complete.");
        _overhead = _meter.CreateHistogram<double>("clawchat.bot.platform_overhead", "ms", "From the user's message being persisted to the model request leaving.");
        _tokens = _meter.CreateCounter<long>("clawchat.bot.tokens", "{token}", "Prompt and completion tokens reported by the backend.");
        _errors = _meter.CreateCounter<long>("clawchat.bot.errors", "{error}", "Failed model calls by kind.");
        _completions = _meter.CreateCounter<long>("clawchat.bot.completions", "{completion}", "Model calls that completed.");
    }

    /// <summary>This instance's meter (listeners in tests tell it apart from other silos' meters of the same name).</summary>
    internal Meter Meter => _meter;

    public void PlatformOverhead(string backend, TimeSpan elapsed) => _overhead.Record(elapsed.TotalMilliseconds, Tag(backend));

    public void FirstToken(string backend, TimeSpan elapsed) => _firstToken.Record(elapsed.TotalMilliseconds, Tag(backend));

    public void Completed(string backend, TimeSpan elapsed, int promptTokens, int completionTokens)
    {
        var tag = Tag(backend);
        _latency.Record(elapsed.TotalMilliseconds, tag);
        _completions.Add(1, tag);
        if (promptTokens > 0)
        {
            _tokens.Add(promptTokens, tag, new KeyValuePair<string, object?>("kind", "prompt"));
        }

        if (completionTokens > 0)
        {
            _tokens.Add(completionTokens, tag, new KeyValuePair<string, object?>("kind", "completion"));
        }
    }

    public void Failed(string backend, string kind) =>
        _errors.Add(1, Tag(backend), new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string backend) => new("backend", backend);
}
