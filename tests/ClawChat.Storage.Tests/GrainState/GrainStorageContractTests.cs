using ClawChat.Runtime;
using ClawChat.Runtime.Storage;

namespace ClawChat.Storage.Tests.GrainState;

/// <summary>The ETag contract every <see cref="IGrainStorage"/> must honour (runtime brief C9). Each backend
/// runs this same suite, so in-memory tests stay a faithful stand-in for the SQL stores.</summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    private const string StateName = "state";

    private IGrainStorage? _storage;

    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("Storage not created.");

    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IGrainStorage> CreateStorageAsync();

    [Fact]
    public async Task Read_ReturnsNewStateAndNoEtag_WhenRecordIsMissing()
    {
        var state = await ReadAsync<CounterState>(NewGrainId());

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task Read_ReturnsDefault_WhenRecordIsMissingAndTypeHasNoParameterlessConstructor()
    {
        var state = await ReadAsync<string>(NewGrainId());

        Assert.Null(state.State);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsState()
    {
        var grainId = NewGrainId();
        var written = await ReadAsync<CounterState>(grainId);
        written.State = new CounterState { Count = 42, Name = "ünïcode ✓", Items = ["a", "b"] };
        await Storage.WriteStateAsync(StateName, grainId, written, default);

        var read = await ReadAsync<CounterState>(grainId);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("ünïcode ✓", read.State.Name);
        Assert.Equal(["a", "b"], read.State.Items);
    }

    [Fact]
    public async Task Write_RoundTripsGenericState()
    {
        var grainId = NewGrainId();
        var written = await ReadAsync<Box<List<long>>>(grainId);
        written.State.Value = [1, long.MaxValue];
        written.State.ByName["x"] = [7];
        await Storage.WriteStateAsync(StateName, grainId, written, default);

        var read = await ReadAsync<Box<List<long>>>(grainId);

        Assert.Equal([1, long.MaxValue], read.State.Value);
        Assert.Equal([7L], read.State.ByName["x"]);
    }

    [Fact]
    public async Task Write_SetsEtagAndRecordExists_OnFirstWrite()
    {
        var state = new GrainStateRecord<CounterState>(new CounterState());
        var grainId = NewGrainId();

        await Storage.WriteStateAsync(StateName, grainId, state, default);

        Assert.True(state.RecordExists);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Write_IncrementsEtag_OnEachUpdate()
    {
        var grainId = NewGrainId();
        var state = await ReadAsync<CounterState>(grainId);

        await Storage.WriteStateAsync(StateName, grainId, state, default);
        await Storage.WriteStateAsync(StateName, grainId, state, default);
        await Storage.WriteStateAsync(StateName, grainId, state, default);

        Assert.Equal("3", state.ETag);
        Assert.Equal("3", (await ReadAsync<CounterState>(grainId)).ETag);
    }

    [Fact]
    public async Task Write_Throws_WhenEtagIsStale()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        var first = await ReadAsync<CounterState>(grainId);
        var second = await ReadAsync<CounterState>(grainId);
        await Storage.WriteStateAsync(StateName, grainId, first, default);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, second, default));

        Assert.Equal("2", ex.StoredEtag);
        Assert.Equal("1", ex.CurrentEtag);
    }

    [Fact]
    public async Task Write_DoesNotChangeStoredState_WhenEtagIsStale()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        var stale = await ReadAsync<CounterState>(grainId);
        var fresh = await ReadAsync<CounterState>(grainId);
        fresh.State.Count = 2;
        await Storage.WriteStateAsync(StateName, grainId, fresh, default);
        stale.State.Count = 99;

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale, default));

        Assert.Equal(2, (await ReadAsync<CounterState>(grainId)).State.Count);
    }

    [Fact]
    public async Task Write_Throws_WhenEtagIsNullAndRecordExists()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        var blind = new GrainStateRecord<CounterState>(new CounterState());

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, blind, default));

        Assert.Equal("1", ex.StoredEtag);
        Assert.Null(ex.CurrentEtag);
    }

    [Fact]
    public async Task Write_Throws_WhenEtagIsSetButRecordIsMissing()
    {
        var state = new GrainStateRecord<CounterState>(new CounterState()) { ETag = "5", RecordExists = true };

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, NewGrainId(), state, default));

        Assert.Null(ex.StoredEtag);
    }

    [Fact]
    public async Task Write_Throws_WhenEtagIsNotAVersion()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        var state = new GrainStateRecord<CounterState>(new CounterState()) { ETag = "W/\"abc\"" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, state, default));
    }

    [Fact]
    public async Task Write_LetsExactlyOneWin_WhenWritersRaceWithTheSameEtag()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 0);
        var writers = new List<GrainStateRecord<CounterState>>();
        for (var i = 0; i < 8; i++)
        {
            var state = await ReadAsync<CounterState>(grainId);
            state.State.Count = i;
            writers.Add(state);
        }

        var outcomes = await Task.WhenAll(writers.Select(w => Task.Run(() => TryWriteAsync(grainId, w))));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal("2", (await ReadAsync<CounterState>(grainId)).ETag);
    }

    [Fact]
    public async Task Write_LetsExactlyOneWin_WhenFirstWritersRace()
    {
        var grainId = NewGrainId();
        var writers = Enumerable.Range(0, 8).Select(_ => new GrainStateRecord<CounterState>(new CounterState())).ToList();

        var outcomes = await Task.WhenAll(writers.Select(w => Task.Run(() => TryWriteAsync(grainId, w))));

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task Records_AreSeparate_PerStateNameAndGrainType()
    {
        var key = Guid.NewGuid().ToString("N");
        var a = new GrainId(new GrainType("type-a"), key);
        var b = new GrainId(new GrainType("type-b"), key);
        await WriteNewAsync(a, 1);

        var otherType = await ReadAsync<CounterState>(b);
        var otherName = new GrainStateRecord<CounterState>(new CounterState());
        await Storage.ReadStateAsync("other", a, otherName, default);

        Assert.False(otherType.RecordExists);
        Assert.False(otherName.RecordExists);
    }

    [Fact]
    public async Task Clear_RemovesRecordAndResetsEtag()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);

        await Storage.ClearStateAsync(StateName, grainId, state, default);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await ReadAsync<CounterState>(grainId)).RecordExists);
    }

    [Fact]
    public async Task Clear_IsNoOp_WhenEtagIsNullAndRecordIsMissing()
    {
        var state = new GrainStateRecord<CounterState>(new CounterState());

        await Storage.ClearStateAsync(StateName, NewGrainId(), state, default);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Clear_Throws_WhenEtagIsStale()
    {
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(grainId, 1);
        var fresh = await ReadAsync<CounterState>(grainId);
        await Storage.WriteStateAsync(StateName, grainId, fresh, default);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale, default));

        Assert.Equal("2", ex.StoredEtag);
        Assert.True((await ReadAsync<CounterState>(grainId)).RecordExists);
    }

    [Fact]
    public async Task Clear_Throws_WhenEtagIsNullAndRecordExists()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        var blind = new GrainStateRecord<CounterState>(new CounterState());

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, blind, default));
    }

    [Fact]
    public async Task Write_StartsAtVersionOne_AfterClear()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);
        await Storage.ClearStateAsync(StateName, grainId, state, default);

        await Storage.WriteStateAsync(StateName, grainId, state, default);

        Assert.Equal("1", state.ETag);
    }

    protected static GrainId NewGrainId() => new(new GrainType("test"), Guid.NewGuid().ToString("N"));

    private async Task<GrainStateRecord<T>> ReadAsync<T>(GrainId grainId)
    {
        var state = new GrainStateRecord<T>(default!);
        await Storage.ReadStateAsync(StateName, grainId, state, default);
        return state;
    }

    private async Task<GrainStateRecord<CounterState>> WriteNewAsync(GrainId grainId, int count)
    {
        var state = new GrainStateRecord<CounterState>(new CounterState { Count = count });
        await Storage.WriteStateAsync(StateName, grainId, state, default);
        return state;
    }

    private async Task<bool> TryWriteAsync(GrainId grainId, GrainStateRecord<CounterState> state)
    {
        try
        {
            await Storage.WriteStateAsync(StateName, grainId, state, default);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }
}
