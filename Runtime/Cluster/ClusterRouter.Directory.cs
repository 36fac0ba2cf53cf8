using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Cluster.Directory;

namespace ClawChat.Runtime.Cluster;

/// <summary>Registering an activation before it runs (brief C5 "register before activate") and
/// unregistering it after it deactivated. Whoever holds the directory entry is the grain's only activation.</summary>
internal sealed partial class ClusterRouter
{
    /// <summary>Registers <paramref name="activation"/>; returns null when it may run here, or the silo
    /// where the grain is active (the caller forwards its waiting calls there).</summary>
    public async Task<SiloAddress?> RegisterActivationAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        var me = new GrainAddress(activation.GrainId, LocalSilo, activation.ActivationId, _snapshot.Version);
        var policy = new DirectoryDecisionPolicy(_membership.LeaseTimeout, _shared.Options.DeactivationTimeout + TimeSpan.FromSeconds(2));
        var winner = await DirectoryRegistrar.RegisterAsync(_directory, _membership, me, policy, _shared.Options.ActivationTimeout, _shared.TimeProvider, cancellationToken).ConfigureAwait(false);
        if (winner.Silo.Equals(LocalSilo) && winner.ActivationId == me.ActivationId)
        {
            return null;
        }

        _cache.Set(activation.GrainId, winner.Silo);
        Log.LostRegistration(_logger, activation.GrainId, winner.Silo);
        return winner.Silo;
    }

    public async Task UnregisterActivationAsync(ActivationRecord activation)
    {
        try
        {
            using var cts = new CancellationTokenSource(_shared.Options.DeactivationTimeout);
            await _directory.UnregisterAsync(new GrainAddress(activation.GrainId, LocalSilo, activation.ActivationId, _snapshot.Version), cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A left-over entry is harmless: the next owner takes it over by the dead/unknown-silo rules.
            Log.UnregisterFailed(_logger, activation.GrainId, ex);
        }
    }
}
