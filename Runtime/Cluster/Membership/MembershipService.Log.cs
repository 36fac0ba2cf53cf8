using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Log messages of <see cref="MembershipService"/>: event ids 1200–1229 (1230–1239 local health
/// and failure detector, 1240–1249 the Redis table, 1250–1259 the directory).</summary>
public sealed partial class MembershipService
{
    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Information, "Silo {Silo} is joining (table version {Version})")]
        public static partial void JoinStarted(ILogger logger, SiloAddress silo, long version);

        [LoggerMessage(1201, LogLevel.Information, "Silo {Silo} is Active (table version {Version}, {ActiveCount} active silos)")]
        public static partial void Joined(ILogger logger, SiloAddress silo, long version, int activeCount);

        [LoggerMessage(1202, LogLevel.Error, "Silo {Silo} abandoned joining: {Reason}")]
        public static partial void JoinAborted(ILogger logger, SiloAddress silo, string reason);

        [LoggerMessage(1203, LogLevel.Warning, "Could not mark silo {Silo} Dead after an abandoned join: {Error}")]
        public static partial void AbortWriteFailed(ILogger logger, SiloAddress silo, string error);

        [LoggerMessage(1204, LogLevel.Debug, "Join probe of {Peer} failed: {Error}")]
        public static partial void JoinProbeFailed(ILogger logger, SiloAddress peer, string error);

        [LoggerMessage(1205, LogLevel.Information, "Silo {Silo} is shutting down")]
        public static partial void Leaving(ILogger logger, SiloAddress silo);

        [LoggerMessage(1206, LogLevel.Warning, "Silo {Silo} could not move to ShuttingDown (already Dead?)")]
        public static partial void LeaveRefused(ILogger logger, SiloAddress silo);

        [LoggerMessage(1207, LogLevel.Information, "Silo {Silo} left the cluster")]
        public static partial void Left(ILogger logger, SiloAddress silo);

        [LoggerMessage(1208, LogLevel.Warning, "Heartbeat of {Silo} failed: {Error}")]
        public static partial void HeartbeatFailed(ILogger logger, SiloAddress silo, string error);

        [LoggerMessage(1209, LogLevel.Error, "Silo {Silo} could not renew its lease within {LeaseTimeout}: fenced, no grain turns until Redis answers again (fencing {Fencing})")]
        public static partial void LeaseLost(ILogger logger, SiloAddress silo, TimeSpan leaseTimeout, string fencing);

        [LoggerMessage(1210, LogLevel.Warning, "Silo {Silo} renewed its lease again")]
        public static partial void LeaseRestored(ILogger logger, SiloAddress silo);

        [LoggerMessage(1211, LogLevel.Critical, "Silo {Silo} was declared dead ({Reason}); it must stop now")]
        public static partial void Killed(ILogger logger, SiloAddress silo, string reason);

        [LoggerMessage(1212, LogLevel.Information, "Silo {Silo} was declared dead while leaving ({Reason})")]
        public static partial void DeclaredDeadWhileLeaving(ILogger logger, SiloAddress silo, string reason);

        [LoggerMessage(1213, LogLevel.Warning, "Membership refresh failed: {Error}")]
        public static partial void RefreshFailed(ILogger logger, string error);

        [LoggerMessage(1214, LogLevel.Debug, "Membership snapshot {Version} ({MemberCount} members)")]
        public static partial void SnapshotApplied(ILogger logger, long version, int memberCount);

        [LoggerMessage(1215, LogLevel.Debug, "Gossip to {Peer} failed: {Error}")]
        public static partial void GossipFailed(ILogger logger, SiloAddress peer, string error);

        [LoggerMessage(1216, LogLevel.Error, "A {Event} handler threw")]
        public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

        [LoggerMessage(1217, LogLevel.Warning, "Membership loops did not stop within {Wait}")]
        public static partial void LoopsDidNotStop(ILogger logger, TimeSpan wait);

        [LoggerMessage(1218, LogLevel.Error, "A membership loop failed")]
        public static partial void LoopFailed(ILogger logger, Exception exception);
    }
}
