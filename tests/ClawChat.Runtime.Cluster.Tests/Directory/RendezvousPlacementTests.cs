using ClawChat.Runtime.Cluster.Directory;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>Rendezvous placement (brief C5): deterministic, even, and minimal movement on change.</summary>
public sealed class RendezvousPlacementTests
{
    private const int Grains = 20_000;
    private const int SiloCount = 10;

    private static readonly GrainId[] GrainIds = Enumerable.Range(0, Grains).Select(i => new GrainId(new GrainType("room"), $"!room{i}:example.org")).ToArray();
    private static readonly SiloAddress[] Silos = Enumerable.Range(0, SiloCount).Select(i => new SiloAddress($"10.0.0.{i + 1}", 11111, 1732001234567)).ToArray();

    [Fact]
    public void NoSilos_MeansNoOwner()
    {
        Assert.Null(RendezvousPlacement.SelectSilo(GrainIds[0], []));
    }

    [Fact]
    public void Owner_DoesNotDependOnTheOrderOfTheList()
    {
        var reversed = Silos.Reverse().ToArray();

        Assert.All(GrainIds.Take(2_000), g => Assert.Equal(RendezvousPlacement.SelectSilo(g, Silos), RendezvousPlacement.SelectSilo(g, reversed)));
    }

    [Fact]
    public void Owner_IsTheArgmaxOfTheMixedHash()
    {
        var grain = GrainIds[42];

        var expected = Silos.MaxBy(s => StableHash.Mix(grain.StableHash, s.StableHash));

        Assert.Equal(expected, RendezvousPlacement.SelectSilo(grain, Silos));
    }

    [Fact]
    public void Grains_SpreadEvenlyOverSilos()
    {
        var counts = GrainIds.GroupBy(g => RendezvousPlacement.SelectSilo(g, Silos)!).ToDictionary(x => x.Key, x => x.Count());

        Assert.Equal(SiloCount, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, Grains / SiloCount * 0.85, Grains / SiloCount * 1.15));
    }

    [Fact]
    public void RemovingOneSilo_MovesOnlyTheGrainsItOwned()
    {
        var removed = Silos[3];
        var remaining = Silos.Where(s => s != removed).ToArray();

        var moved = 0;
        foreach (var grain in GrainIds)
        {
            var before = RendezvousPlacement.SelectSilo(grain, Silos);
            var after = RendezvousPlacement.SelectSilo(grain, remaining);
            if (before != removed)
            {
                Assert.Equal(before, after);
            }
            else
            {
                moved++;
            }
        }

        // ≈ 1/N of the grains, and exactly those the removed silo owned.
        Assert.InRange(moved / (double)Grains, 0.085, 0.115);
    }

    [Fact]
    public void AddingOneSilo_MovesGrainsOnlyToTheNewSilo()
    {
        var added = new SiloAddress("10.0.0.99", 11111, 1732001234567);
        var grown = Silos.Append(added).ToArray();

        var moved = 0;
        foreach (var grain in GrainIds)
        {
            var before = RendezvousPlacement.SelectSilo(grain, Silos);
            var after = RendezvousPlacement.SelectSilo(grain, grown);
            if (after != before)
            {
                Assert.Equal(added, after);
                moved++;
            }
        }

        Assert.InRange(moved / (double)Grains, 0.075, 0.107);
    }

    [Fact]
    public void ARestartedSilo_IsANewOwnerIdentity()
    {
        // Same host and port, new generation: a different silo, so its grains re-place (brief C2).
        var restarted = new SiloAddress(Silos[0].Host, Silos[0].Port, Silos[0].Generation + 1);

        Assert.NotEqual(Silos[0].StableHash, restarted.StableHash);
    }
}
