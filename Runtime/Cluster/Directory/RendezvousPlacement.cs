namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>
/// Rendezvous (highest-random-weight) placement over Active silos (brief C5 "Placement"):
/// <c>owner(g) = argmax over s of Mix(g.StableHash, s.StableHash)</c>. Deterministic without
/// coordination, and removing one of N silos moves only the grains it owned (≈ 1/N), unlike Orleans'
/// <c>hash % n</c>, which remaps most grains on every change.
/// </summary>
public static class RendezvousPlacement
{
    /// <summary>The owner of <paramref name="grainId"/> among <paramref name="activeSilos"/>; null when
    /// the list is empty (no Active silo yet). O(N): a few nanoseconds per silo.</summary>
    public static SiloAddress? SelectSilo(GrainId grainId, IReadOnlyList<SiloAddress> activeSilos)
    {
        ArgumentNullException.ThrowIfNull(activeSilos);
        SiloAddress? best = null;
        ulong bestWeight = 0;
        for (var i = 0; i < activeSilos.Count; i++)
        {
            var silo = activeSilos[i];
            var weight = StableHash.Mix(grainId.StableHash, silo.StableHash);

            // A 64-bit tie is practically impossible; break it by address anyway, so that every silo
            // picks the same owner whatever order its list is in.
            if (best is null
                || weight > bestWeight
                || (weight == bestWeight && string.CompareOrdinal(silo.ToString(), best.ToString()) < 0))
            {
                best = silo;
                bestWeight = weight;
            }
        }

        return best;
    }
}
