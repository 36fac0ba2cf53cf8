using ClawChat.Grains.Rooms;

namespace ClawChat.Grains.Tests.RoomsExtras;

public sealed class RoomRelationsTests
{
    [Fact]
    public void Record_IndexesChildrenInStreamOrder_AndIgnoresReplays()
    {
        var relations = new RoomRelations();
        var first = TestEntries.Relation(5, "@a:test", "m.thread", "$root");
        var second = TestEntries.Relation(7, "@b:test", "m.thread", "$root");

        relations.Record(second);
        relations.Record(first);
        relations.Record(second);

        Assert.Equal([first.EventId, second.EventId], relations.ChildrenOf("$root").Select(r => r.EventId));
        Assert.Equal(["$root"], relations.ThreadRoots);
        Assert.True(relations.IsDirty);
    }

    [Theory]
    [InlineData("""{"body": "plain"}""")]
    [InlineData("""{"m.relates_to": {"m.in_reply_to": {"event_id": "$x"}}}""")]
    [InlineData("""{"m.relates_to": {"rel_type": 5, "event_id": "$x"}}""")]
    [InlineData("""{"m.relates_to": "nope"}""")]
    public void Parse_IgnoresEventsWithoutAWellFormedRelation(string content)
    {
        Assert.Null(RoomRelations.Parse(TestEntries.Event(3, "m.room.message", "@a:test", content)));
    }

    [Fact]
    public void Parse_IgnoresStateEvents()
    {
        var state = TestEntries.Event(3, "m.room.topic", "@a:test", """{"m.relates_to": {"rel_type": "m.reference", "event_id": "$x"}}""", stateKey: "");

        Assert.Null(RoomRelations.Parse(state));
    }

    [Fact]
    public void Remove_DropsARedactedChild_AndSnapshotRoundTrips()
    {
        var relations = new RoomRelations();
        var reaction = TestEntries.Relation(4, "@a:test", "m.annotation", "$target", key: "👍", type: "m.reaction");
        var reference = TestEntries.Relation(6, "@a:test", "m.reference", "$target");
        relations.Record(reaction);
        relations.Record(reference);

        Assert.True(relations.HasAnnotation("$target", "@a:test", "m.reaction", "👍"));
        Assert.False(relations.HasAnnotation("$target", "@b:test", "m.reaction", "👍"));
        Assert.False(relations.HasAnnotation("$target", "@a:test", "m.reaction", "🎉"));
        relations.Remove(reaction.EventId);
        var snapshot = relations.Snapshot();
        var restored = new RoomRelations(snapshot);

        Assert.False(relations.IsDirty);
        Assert.False(restored.HasAnnotation("$target", "@a:test", "m.reaction", "👍"));
        Assert.Equal([reference.EventId], restored.ChildrenOf("$target").Select(r => r.EventId));
        Assert.Equal("$target", restored.RelationOf(reference.EventId)?.ParentId);
    }
}
