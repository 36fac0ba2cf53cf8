using ClawChat.Runtime.Cluster.Transport;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>
/// Direct and indirect probes plus death votes (brief C4 timings; Orleans' ClusterHealthMonitor and
/// SiloHealthMonitor). Every <see cref="MembershipOptions.ProbeInterval"/> it pings up to
/// <see cref="MaxMonitored"/> peers over the data path with <see cref="MembershipOptions.ProbeTimeout"/>.
/// After <see cref="MembershipOptions.MissedProbesLimit"/> consecutive misses it asks a random third
/// Active silo to probe the target (SWIM's indirect probe): if that succeeds the problem is our link, not
/// the target, and nobody votes; if it fails, the vote carries both our name and the intermediary's
/// (Orleans PR #9302), which in a 3+ silo cluster reaches the two votes needed at once.
/// Only the probe loop touches the miss counters, so they need no lock.
/// </summary>
internal sealed partial class FailureDetector
{
    /// <summary>Peers monitored per silo (Orleans' NumProbedSilos, raised to 10 by PR #9306).</summary>
    public const int MaxMonitored = 10;

    private readonly SiloAddress _self;
    private readonly ISiloTransport _transport;
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly LocalHealthMonitor _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<MembershipSnapshot> _current;
    private readonly Func<bool> _mayVote;
    private readonly Action<long> _onTableChanged;
    private readonly Dictionary<SiloAddress, int> _misses = [];

    public FailureDetector(
        SiloAddress self,
        ISiloTransport transport,
        IMembershipTable table,
        MembershipOptions options,
        LocalHealthMonitor health,
        TimeProvider time,
        ILogger logger,
        Func<MembershipSnapshot> current,
        Func<bool> mayVote,
        Action<long> onTableChanged)
    {
        _self = self;
        _transport = transport;
        _table = table;
        _options = options;
        _health = health;
        _time = time;
        _logger = logger;
        _current = current;
        _mayVote = mayVote;
        _onTableChanged = onTableChanged;
    }

    /// <summary>Probe timeout now: doubled while the local silo is degraded (Lifeguard).</summary>
    public TimeSpan CurrentProbeTimeout => _health.IsDegraded ? _options.ProbeTimeout * 2 : _options.ProbeTimeout;

    /// <summary>
    /// The peers this silo monitors: Active and ShuttingDown members (a silo that crashes while leaving
    /// must still be declared dead), plus members stuck in Joining far longer than a join may take (a
    /// joiner that crashed would otherwise stay forever). Ordered by a hash of (self, peer), so each silo
    /// watches a different subset once the cluster exceeds <see cref="MaxMonitored"/> + 1 silos.
    /// </summary>
    public static IReadOnlyList<SiloAddress> SelectTargets(MembershipSnapshot snapshot, SiloAddress self, TimeSpan joinTimeout, int max = MaxMonitored)
    {
        var stuckJoiningMs = (long)(joinTimeout * 2).TotalMilliseconds;
        return snapshot.Members.Values
            .Where(m => m.Address != self
                && (m.Status is SiloStatus.Active or SiloStatus.ShuttingDown
                    || (m.Status == SiloStatus.Joining && snapshot.ReadAtMs - m.StatusAtMs > stuckJoiningMs)))
            .Select(m => m.Address)
            .OrderBy(a => StableHash.Mix(self.StableHash, a.StableHash))
            .Take(max)
            .ToList();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            try
            {
                await ProbeRoundAsync(cancellationToken).ConfigureAwait(false);
                var wait = _options.ProbeInterval - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.RoundFailed(_logger, ex);
                await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One round: ping every monitored peer in parallel, count misses, act on suspects.</summary>
    internal async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        var snapshot = _current();
        var targets = SelectTargets(snapshot, _self, _options.JoinTimeout);
        foreach (var silo in _misses.Keys.Where(s => !targets.Contains(s)).ToList())
        {
            _misses.Remove(silo);
        }

        if (targets.Count == 0)
        {
            return;
        }

        var timeout = CurrentProbeTimeout;
        var answered = await Task.WhenAll(targets.Select(t => PingAsync(t, timeout, cancellationToken))).ConfigureAwait(false);
        var reachable = new HashSet<SiloAddress>();
        var suspects = new List<SiloAddress>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (answered[i])
            {
                _misses[targets[i]] = 0;
                reachable.Add(targets[i]);
                continue;
            }

            var misses = _misses.GetValueOrDefault(targets[i]) + 1;
            _misses[targets[i]] = misses;
            Log.ProbeMissed(_logger, targets[i], misses, _options.MissedProbesLimit);
            if (misses >= _options.MissedProbesLimit)
            {
                suspects.Add(targets[i]);
            }
        }

        foreach (var suspect in suspects)
        {
            try
            {
                await SuspectAsync(suspect, snapshot, reachable, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.VoteFailed(_logger, suspect, ex);
            }
        }
    }

    private async Task SuspectAsync(SiloAddress target, MembershipSnapshot snapshot, HashSet<SiloAddress> reachable, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Lifeguard: a degraded silo's misses may be its own fault. The miss count is kept, so once
        // healthy one more miss is enough to vote.
        if (_health.IsDegraded)
        {
            Log.NotVotingDegraded(_logger, target, (long)_health.LastLag.TotalMilliseconds);
            return;
        }

        if (!_mayVote())
        {
            return;
        }

        var intermediary = PickIntermediary(snapshot, target, reachable);
        if (intermediary is not null)
        {
            if (await PingViaAsync(intermediary, target, timeout, cancellationToken).ConfigureAwait(false))
            {
                _misses[target] = 0;
                Log.IndirectProbeSucceeded(_logger, target, intermediary);
                return;
            }
        }

        var result = await _table.SuspectAsync(
            target, _self, intermediary, new VotePolicy(_options.MaxVotesForDeath, _options.VoteExpiry, _options.StaleAfter), cancellationToken).ConfigureAwait(false);

        // Start counting afresh: our vote stays valid for VoteExpiry, and if the target is still
        // unreachable after another MissedProbesLimit misses we vote again (refreshing it).
        _misses.Remove(target);
        if (result.VotesNeeded == 0)
        {
            // The script counted nothing: the target was already Dead (or gone); our view is behind.
            Log.AlreadyDead(_logger, target);
        }
        else
        {
            Log.Voted(_logger, target, intermediary?.ToString() ?? "none", result.FreshVotes, result.VotesNeeded);
            if (result.DeclaredDead)
            {
                Log.DeclaredDead(_logger, target);
            }
        }

        _onTableChanged(result.TableVersion);
    }

    // Prefer silos that answered us this round: an intermediary we cannot reach would make a failed
    // indirect probe (and its vote) meaningless. Stale rows are never intermediaries.
    private SiloAddress? PickIntermediary(MembershipSnapshot snapshot, SiloAddress target, HashSet<SiloAddress> reachable)
    {
        var candidates = snapshot.ActiveNonStaleSilos(_options.StaleAfter)
            .Where(s => s != _self && s != target && (reachable.Contains(s) || !_misses.ContainsKey(s)))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var preferred = candidates.Where(reachable.Contains).ToList();
        var pool = preferred.Count > 0 ? preferred : candidates;
        return pool[Random.Shared.Next(pool.Count)];
    }

    // The transport promises null on timeout; the outer WaitAsync is a backstop so that a misbehaving
    // transport cannot stall the probe loop (every wait has a deadline).
    private async Task<bool> PingAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var rtt = await _transport.PingAsync(target, timeout, cancellationToken).WaitAsync(timeout * 2, _time, cancellationToken).ConfigureAwait(false);
            return rtt is not null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.PingThrew(_logger, target, ex.Message);
            return false;
        }
    }

    private async Task<bool> PingViaAsync(SiloAddress intermediary, SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.PingViaAsync(intermediary, target, timeout, cancellationToken).WaitAsync(timeout * 3, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.PingThrew(_logger, target, ex.Message);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1231, LogLevel.Debug, "Probe of {Target} missed ({Misses}/{Limit})")]
        public static partial void ProbeMissed(ILogger logger, SiloAddress target, int misses, int limit);

        [LoggerMessage(1232, LogLevel.Information, "{Target} is unreachable from here but answered via {Intermediary}; not voting")]
        public static partial void IndirectProbeSucceeded(ILogger logger, SiloAddress target, SiloAddress intermediary);

        [LoggerMessage(1233, LogLevel.Warning, "Voted {Target} dead (intermediary {Intermediary}): {Votes}/{Needed} fresh votes")]
        public static partial void Voted(ILogger logger, SiloAddress target, string intermediary, int votes, int needed);

        [LoggerMessage(1234, LogLevel.Warning, "Declared {Target} dead")]
        public static partial void DeclaredDead(ILogger logger, SiloAddress target);

        [LoggerMessage(1235, LogLevel.Warning, "Not voting {Target} dead: this silo is degraded (timer lag {LagMs} ms)")]
        public static partial void NotVotingDegraded(ILogger logger, SiloAddress target, long lagMs);

        [LoggerMessage(1236, LogLevel.Warning, "Death vote against {Target} failed")]
        public static partial void VoteFailed(ILogger logger, SiloAddress target, Exception exception);

        [LoggerMessage(1237, LogLevel.Debug, "Ping of {Target} threw: {Error}")]
        public static partial void PingThrew(ILogger logger, SiloAddress target, string error);

        [LoggerMessage(1238, LogLevel.Error, "Probe round failed")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(1239, LogLevel.Debug, "{Target} was already declared dead")]
        public static partial void AlreadyDead(ILogger logger, SiloAddress target);
    }
}
