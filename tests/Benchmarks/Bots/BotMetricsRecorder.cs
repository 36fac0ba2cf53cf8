using System.Diagnostics.Metrics;
using ClawChat.Grains.Bots;

namespace ClawChat.Benchmarks.Bots;

/// <summary>Listens to the <c>ClawChat.Bots</c> meter and keeps the values of two histograms: the platform overhead
/// (user's message persisted → model request leaving) and the model latency (request leaving → answer sent).</summary>
internal sealed class BotMetricsRecorder : IDisposable
{
    public const string Overhead = "clawchat.bot.platform_overhead";
    public const string Latency = "clawchat.bot.latency";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private List<double> _overhead = [];
    private List<double> _latency = [];

    public BotMetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BotMetrics.MeterName && instrument.Name is Overhead or Latency)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_gate)
            {
                (instrument.Name == Overhead ? _overhead : _latency).Add(value);
            }
        });
        _listener.Start();
    }

    /// <summary>What was recorded since the last call (sorted), and starts over.</summary>
    public (List<double> Overhead, List<double> Latency) Drain()
    {
        lock (_gate)
        {
            var taken = (_overhead, _latency);
            (_overhead, _latency) = ([], []);
            taken.Item1.Sort();
            taken.Item2.Sort();
            return taken;
        }
    }

    public void Dispose() => _listener.Dispose();
}
