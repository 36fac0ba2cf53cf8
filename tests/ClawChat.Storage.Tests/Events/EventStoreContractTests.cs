using System.Text;
using ClawChat.Runtime;
using ClawChat.Storage.Events;

namespace ClawChat.Storage.Tests.Events;

/// <summary>The contract every <see cref="IEventStore"/> must honour; each backend runs this suite.</summary>
public abstract class EventStoreContractTests : IAsyncLifetime
{
    private IEventStore? _store;

    protected IEventStore Store => _store ?? throw new InvalidOperationException("Store not created.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IEventStore> CreateStoreAsync();

    [Fact]
    public async Task GetLastSequence_ReturnsZero_WhenStreamIsEmpty()
    {
        Assert.Equal(0, await Store.GetLastSequenceAsync(NewStreamId()));
    }

    [Fact]
    public async Task Append_ReturnsNewLastSequence()
    {
        var stream = NewStreamId();

        var last = await Store.AppendAsync(stream, 0, [NewEvent(), NewEvent(), NewEvent()]);

        Assert.Equal(3, last);
        Assert.Equal(3, await Store.GetLastSequenceAsync(stream));
    }

    [Fact]
    public async Task Append_AssignsDenseSequences_AcrossBatches()
    {
        var stream = NewStreamId();
        await Store.AppendAsync(stream, 0, [NewEvent(), NewEvent()]);
        await Store.AppendAsync(stream, 2, [NewEvent()]);

        var events = await Store.ReadForwardAsync(stream, 0, 10);

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Append_StoresEveryColumn()
    {
        var stream = NewStreamId();
        var stateEvent = new NewEvent(NewEventId(), "m.room.member", "@alice:example.org", "@alice:example.org", 1_700_000_000_123, Json("{\"membership\":\"join\"}"));
        var message = new NewEvent(NewEventId(), "m.room.message", null, "@bob:example.org", 42, Json("{}"));
        var emptyStateKey = new NewEvent(NewEventId(), "m.room.create", "", "@bob:example.org", 43, Json("{}"));
        await Store.AppendAsync(stream, 0, [stateEvent, message, emptyStateKey]);

        var events = await Store.ReadForwardAsync(stream, 0, 10);

        AssertStored(stateEvent, stream, 1, events[0]);
        AssertStored(message, stream, 2, events[1]);
        AssertStored(emptyStateKey, stream, 3, events[2]);
    }

    [Fact]
    public async Task Append_PreservesPayloadBytesExactly()
    {
        // Matrix hashes and signatures cover the event as sent: key order, spacing and number spelling
        // must survive (a jsonb column would normalize all three).
        var payload = Json("{ \"z\": 1.0,\n  \"a\": \"\\u00e9\", \"n\": 12345678901234567890 }");
        var e = NewEvent() with { Payload = payload };
        await Store.AppendAsync(NewStreamId(), 0, [e]);

        var stored = await Store.GetByIdAsync(e.EventId);

        Assert.Equal(payload.ToArray(), stored!.Payload.ToArray());
    }

    [Fact]
    public async Task Append_Throws_WhenExpectedSequenceIsBehind()
    {
        var stream = NewStreamId();
        await Store.AppendAsync(stream, 0, [NewEvent(), NewEvent()]);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(stream, 1, [NewEvent()]));

        Assert.Equal("2", ex.StoredEtag);
        Assert.Equal("1", ex.CurrentEtag);
    }

    [Fact]
    public async Task Append_Throws_WhenExpectedSequenceIsAhead()
    {
        var stream = NewStreamId();
        await Store.AppendAsync(stream, 0, [NewEvent()]);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(stream, 5, [NewEvent()]));
    }

    [Fact]
    public async Task Append_WritesNothing_WhenExpectedSequenceIsStale()
    {
        var stream = NewStreamId();
        await Store.AppendAsync(stream, 0, [NewEvent()]);
        var rejected = NewEvent();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(stream, 0, [rejected]));

        Assert.Null(await Store.GetByIdAsync(rejected.EventId));
        Assert.Equal(1, await Store.GetLastSequenceAsync(stream));
    }

    [Fact]
    public async Task Append_Throws_WhenEventIdIsAlreadyStored()
    {
        var existing = NewEvent();
        await Store.AppendAsync(NewStreamId(), 0, [existing]);

        var ex = await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendAsync(NewStreamId(), 0, [NewEvent(), existing]));

        Assert.Equal(existing.EventId, ex.EventId);
    }

    [Fact]
    public async Task Append_WritesNothingFromBatch_WhenOneEventIdIsDuplicate()
    {
        var existing = NewEvent();
        await Store.AppendAsync(NewStreamId(), 0, [existing]);
        var stream = NewStreamId();
        var fresh = NewEvent();

        await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendAsync(stream, 0, [fresh, existing]));

        Assert.Null(await Store.GetByIdAsync(fresh.EventId));
        Assert.Equal(0, await Store.GetLastSequenceAsync(stream));
    }

    [Fact]
    public async Task Append_Throws_WhenEventIdRepeatsWithinBatch()
    {
        var e = NewEvent();

        var ex = await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendAsync(NewStreamId(), 0, [e, e]));

        Assert.Equal(e.EventId, ex.EventId);
    }

    [Fact]
    public async Task Append_LetsExactlyOneWin_WhenAppendersRace()
    {
        var stream = NewStreamId();
        await Store.AppendAsync(stream, 0, [NewEvent()]);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => TryAppendAsync(stream, 1))));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(3, await Store.GetLastSequenceAsync(stream));
    }

    [Fact]
    public async Task Streams_HaveIndependentSequences()
    {
        var a = NewStreamId();
        var b = NewStreamId();
        await Store.AppendAsync(a, 0, [NewEvent(), NewEvent()]);

        var lastB = await Store.AppendAsync(b, 0, [NewEvent()]);

        Assert.Equal(1, lastB);
        Assert.Equal(2, await Store.GetLastSequenceAsync(a));
    }

    [Fact]
    public async Task ReadForward_ReturnsEventsAfterSequence_OldestFirst()
    {
        var stream = await NewStreamWithEventsAsync(5);

        var events = await Store.ReadForwardAsync(stream, 2, 10);

        Assert.Equal([3L, 4L, 5L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadForward_StopsAtLimit()
    {
        var stream = await NewStreamWithEventsAsync(5);

        var events = await Store.ReadForwardAsync(stream, 1, 2);

        Assert.Equal([2L, 3L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadForward_ReturnsEmpty_AtEndOfStream()
    {
        var stream = await NewStreamWithEventsAsync(3);

        Assert.Empty(await Store.ReadForwardAsync(stream, 3, 10));
    }

    [Fact]
    public async Task ReadForward_ReturnsEmpty_WhenStreamIsUnknown()
    {
        Assert.Empty(await Store.ReadForwardAsync(NewStreamId(), 0, 10));
    }

    [Fact]
    public async Task ReadBackward_ReturnsEventsBeforeSequence_NewestFirst()
    {
        var stream = await NewStreamWithEventsAsync(5);

        var events = await Store.ReadBackwardAsync(stream, 4, 10);

        Assert.Equal([3L, 2L, 1L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadBackward_StopsAtLimit()
    {
        var stream = await NewStreamWithEventsAsync(5);

        var events = await Store.ReadBackwardAsync(stream, long.MaxValue, 2);

        Assert.Equal([5L, 4L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadBackward_ReturnsEmpty_AtStartOfStream()
    {
        var stream = await NewStreamWithEventsAsync(3);

        Assert.Empty(await Store.ReadBackwardAsync(stream, 1, 10));
    }

    [Fact]
    public async Task GetById_ReturnsStreamSequenceAndPayload()
    {
        var stream = await NewStreamWithEventsAsync(2);
        var e = NewEvent();
        await Store.AppendAsync(stream, 2, [e]);

        var stored = await Store.GetByIdAsync(e.EventId);

        Assert.NotNull(stored);
        AssertStored(e, stream, 3, stored);
    }

    [Fact]
    public async Task GetById_ReturnsNull_WhenEventIsUnknown()
    {
        Assert.Null(await Store.GetByIdAsync(NewEventId()));
    }

    [Fact]
    public async Task Append_RejectsNegativeExpectedSequence()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AppendAsync(NewStreamId(), -1, [NewEvent()]));
    }

    [Fact]
    public async Task Append_RejectsEmptyBatch()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(NewStreamId(), 0, []));
    }

    private static string NewStreamId() => "!" + Guid.NewGuid().ToString("N") + ":test";

    private static string NewEventId() => "$" + Guid.NewGuid().ToString("N");

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    private static NewEvent NewEvent()
    {
        var id = NewEventId();
        return new NewEvent(id, "m.room.message", null, "@alice:test", 1, Json($"{{\"event_id\":\"{id}\"}}"));
    }

    private static void AssertStored(NewEvent expected, string streamId, long sequence, StoredEvent actual)
    {
        Assert.Equal(streamId, actual.StreamId);
        Assert.Equal(sequence, actual.Sequence);
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.StateKey, actual.StateKey);
        Assert.Equal(expected.Sender, actual.Sender);
        Assert.Equal(expected.OriginServerTs, actual.OriginServerTs);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
    }

    private async Task<string> NewStreamWithEventsAsync(int count)
    {
        var stream = NewStreamId();
        await Store.AppendAsync(stream, 0, Enumerable.Range(0, count).Select(_ => NewEvent()).ToList());
        return stream;
    }

    private async Task<bool> TryAppendAsync(string stream, long expected)
    {
        try
        {
            await Store.AppendAsync(stream, expected, [NewEvent(), NewEvent()]);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }
}
