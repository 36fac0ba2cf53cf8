namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>
/// The membership table in process memory, for the in-process test cluster and unit tests. It takes
/// exactly the decisions of the Redis scripts (<see cref="MembershipScripts"/>), with
/// <see cref="TimeProvider"/> standing in for Redis <c>TIME</c> (a fake clock in tests), and raises
/// <see cref="VersionPublished"/> where the scripts publish. One lock serialises every operation,
/// as Redis runs one script at a time.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable, IMembershipChangeFeed
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MemberRecord> _members = [];
    private readonly Dictionary<SiloAddress, long> _alive = [];
    private long _version;
    private volatile bool _unavailable;

    public InMemoryMembershipTable(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public event Action<long>? VersionPublished;

    /// <summary>The table's clock (the stand-in for Redis <c>TIME</c>).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Now on the table's clock, in Unix ms.</summary>
    public long NowMs => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Fault injection: while true every call throws <see cref="TimeoutException"/>, as a Redis
    /// outage would (tests of self-fencing).</summary>
    public bool IsUnavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    /// <summary>The last heartbeat of <paramref name="silo"/> (what the directory's lease check reads).</summary>
    public bool TryGetLastAliveMs(SiloAddress silo, out long aliveMs)
    {
        lock (_lock)
        {
            return _alive.TryGetValue(silo, out aliveMs);
        }
    }

    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(cancellationToken);
        lock (_lock)
        {
            return Task.FromResult(Snapshot(NowMs));
        }
    }

    public Task<MembershipSnapshot> JoinAsync(MemberRecord self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        ThrowIfUnavailable(cancellationToken);
        MembershipSnapshot snapshot;
        lock (_lock)
        {
            if (_members.ContainsKey(self.Address))
            {
                throw new SiloAlreadyExistsException(self.Address);
            }

            var now = NowMs;
            _members[self.Address] = self with { Status = SiloStatus.Joining, StartedAtMs = now, StatusAtMs = now, DeadAtMs = null, Suspects = [] };
            _alive[self.Address] = now;
            _version++;
            snapshot = Snapshot(now);
        }

        VersionPublished?.Invoke(snapshot.Version);
        return Task.FromResult(snapshot);
    }

    public Task<bool> SetStatusAsync(SiloAddress self, SiloStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (status == SiloStatus.None)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A silo cannot move to None.");
        }

        ThrowIfUnavailable(cancellationToken);
        long version;
        lock (_lock)
        {
            if (!_members.TryGetValue(self, out var record) || record.Status == SiloStatus.Dead || status < record.Status)
            {
                return Task.FromResult(false);
            }

            if (status == record.Status)
            {
                return Task.FromResult(true);
            }

            var now = NowMs;
            _members[self] = record with { Status = status, StatusAtMs = now, DeadAtMs = status == SiloStatus.Dead ? now : record.DeadAtMs };
            version = ++_version;
        }

        VersionPublished?.Invoke(version);
        return Task.FromResult(true);
    }

    public Task<HeartbeatResult> HeartbeatAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        ThrowIfUnavailable(cancellationToken);
        lock (_lock)
        {
            var now = NowMs;
            if (!_members.TryGetValue(self, out var record) || record.Status == SiloStatus.Dead)
            {
                return Task.FromResult(new HeartbeatResult(IsDead: true, _version, now));
            }

            _alive[self] = now;
            return Task.FromResult(new HeartbeatResult(IsDead: false, _version, now));
        }
    }

    public Task<SuspectResult> SuspectAsync(SiloAddress target, SiloAddress voter, SiloAddress? intermediary, VotePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(voter);
        ThrowIfUnavailable(cancellationToken);
        SuspectResult result;
        lock (_lock)
        {
            if (!_members.TryGetValue(target, out var record))
            {
                return Task.FromResult(new SuspectResult(false, 0, 0, _version));
            }

            if (record.Status == SiloStatus.Dead)
            {
                return Task.FromResult(new SuspectResult(true, 0, 0, _version));
            }

            var now = NowMs;
            var addVoter = MayVote(voter, target);
            var addExtra = intermediary is not null && intermediary != voter && MayVote(intermediary, target);
            var votes = record.Suspects
                .Where(v => now - v.AtMs <= (long)policy.VoteExpiry.TotalMilliseconds
                    && !(addVoter && v.By == voter)
                    && !(addExtra && v.By == intermediary))
                .ToList();
            if (addVoter)
            {
                votes.Add(new SuspectVote(voter, now));
            }

            if (addExtra)
            {
                votes.Add(new SuspectVote(intermediary!, now));
            }

            var activeNonStale = _members.Values.Count(m => m.Status == SiloStatus.Active
                && _alive.TryGetValue(m.Address, out var alive)
                && now - alive <= (long)policy.StaleAfter.TotalMilliseconds);
            var need = Math.Max(1, Math.Min(policy.MaxVotes, (activeNonStale + 1) / 2));
            var declared = votes.Count >= need;
            _members[target] = declared
                ? record with { Status = SiloStatus.Dead, StatusAtMs = now, DeadAtMs = now, Suspects = votes }
                : record with { Suspects = votes };
            result = new SuspectResult(declared, votes.Count, need, ++_version);
        }

        VersionPublished?.Invoke(result.TableVersion);
        return Task.FromResult(result);
    }

    public Task CleanupAsync(TimeSpan deadOlderThan, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(cancellationToken);
        long version;
        lock (_lock)
        {
            var cutoff = NowMs - (long)deadOlderThan.TotalMilliseconds;
            var doomed = _members.Values
                .Where(m => m.Status == SiloStatus.Dead && (m.DeadAtMs ?? m.StatusAtMs) < cutoff)
                .Select(m => m.Address)
                .ToList();
            if (doomed.Count == 0)
            {
                return Task.CompletedTask;
            }

            foreach (var silo in doomed)
            {
                _members.Remove(silo);
                _alive.Remove(silo);
            }

            version = ++_version;
        }

        VersionPublished?.Invoke(version);
        return Task.CompletedTask;
    }

    // Caller holds _lock. Mirrors may_vote() in the suspect script: only present, non-Dead silos vote.
    private bool MayVote(SiloAddress silo, SiloAddress target)
        => silo != target && _members.TryGetValue(silo, out var record) && record.Status != SiloStatus.Dead;

    // Caller holds _lock.
    private MembershipSnapshot Snapshot(long nowMs)
        => new(_version, new Dictionary<SiloAddress, MemberRecord>(_members), new Dictionary<SiloAddress, long>(_alive), nowMs);

    private void ThrowIfUnavailable(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_unavailable)
        {
            throw new TimeoutException("The in-memory membership table is unavailable (simulated outage).");
        }
    }
}
