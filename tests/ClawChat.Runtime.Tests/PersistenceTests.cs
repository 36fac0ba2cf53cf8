using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Storage;
using ClawChat.Runtime.Tests.Grains;
using Xunit;

namespace ClawChat.Runtime.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task ConflictingWrite_Throws_AndTheNextCallSeesTheOtherWritersState()
    {
        await using var silo = new TestSilo();
        var document = silo.Factory.GetGrain<IDocumentGrain>(TestSilo.NewKey());
        var grainId = ((GrainReference)(object)document).GrainId;
        await document.SetAsync("mine", write: true);

        // Another writer (a duplicate activation elsewhere, say) updates the record behind our back.
        var other = new GrainStateRecord<DocumentState>(new DocumentState());
        await silo.Storage.ReadStateAsync("document", grainId, other, CancellationToken.None);
        other.State.Value = "theirs";
        await silo.Storage.WriteStateAsync("document", grainId, other, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => document.SetAsync("stale", write: true));

        await Eventually.TrueAsync(() => !silo.Factory.IsActive(grainId), "the conflicting activation to deactivate");
        Assert.Equal("theirs", await document.GetAsync());
    }

    [Fact]
    public async Task SecondWriterWithTheSameEtag_GetsInconsistentStateException()
    {
        await using var silo = new TestSilo();
        var grainId = new GrainId(new GrainType("document"), TestSilo.NewKey());
        var first = new GrainStateRecord<DocumentState>(new DocumentState { Value = "a" });
        var second = new GrainStateRecord<DocumentState>(new DocumentState { Value = "b" });
        await silo.Storage.WriteStateAsync("document", grainId, first, CancellationToken.None);
        await silo.Storage.ReadStateAsync("document", grainId, second, CancellationToken.None);
        await silo.Storage.WriteStateAsync("document", grainId, first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync("document", grainId, second, CancellationToken.None));
    }
}
