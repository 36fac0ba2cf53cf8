using System.Text.Json;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Tests.Events;

public sealed class ClientEventTests
{
    private static Pdu Create(RoomVersion version, string type, string content, string? stateKey = null, string? redacts = null) =>
        Pdu.Create(new PduDraft
        {
            RoomId = "!r:example.org",
            Sender = "@u:example.org",
            Type = type,
            StateKey = stateKey,
            Content = TestJson.Parse(content),
            OriginServerTs = 42,
            PrevEvents = ["$p"],
            AuthEvents = ["$a"],
            Depth = 2,
            Redacts = redacts,
        }, version);

    [Fact]
    public void FromPdu_ExposesOnlyClientFields()
    {
        var json = ClientEvent.FromPdu(Create(RoomVersion.V11, EventTypes.Message, "{'body':'hi'}"), RoomVersion.V11).ToJsonObject();

        Assert.Equal(["content", "event_id", "origin_server_ts", "room_id", "sender", "type"], json.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromPdu_IncludesStateKeyForStateEvents()
    {
        var json = ClientEvent.FromPdu(Create(RoomVersion.V11, EventTypes.Topic, "{'topic':'t'}", stateKey: ""), RoomVersion.V11).ToJsonObject();

        Assert.Equal(string.Empty, json["state_key"]!.GetValue<string>());
    }

    [Fact]
    public void ToJsonObject_OmitsRoomIdInsideSyncSections()
    {
        var json = ClientEvent.FromPdu(Create(RoomVersion.V11, EventTypes.Message, "{}"), RoomVersion.V11).ToJsonObject(includeRoomId: false);

        Assert.False(json.ContainsKey("room_id"));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("11")]
    public void FromPdu_PutsRedactsAtTopLevelAndInContentForEveryVersion(string versionId)
    {
        RoomVersion.TryGet(versionId, out var version);
        var json = ClientEvent.FromPdu(Create(version!, EventTypes.Redaction, "{'reason':'spam'}", redacts: "$t"), version!).ToJsonObject();

        Assert.Equal("$t", json["redacts"]!.GetValue<string>());
        Assert.Equal("$t", json["content"]!["redacts"]!.GetValue<string>());
        Assert.Equal("spam", json["content"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void FromPdu_UsesServeTimeUnsignedData()
    {
        var unsigned = JsonSerializer.SerializeToElement(new { age = 7, transaction_id = "txn" });

        var json = ClientEvent.FromPdu(Create(RoomVersion.V11, EventTypes.Message, "{}"), RoomVersion.V11, unsigned).ToJsonObject();

        Assert.Equal(7, json["unsigned"]!["age"]!.GetValue<int>());
        Assert.Equal("txn", json["unsigned"]!["transaction_id"]!.GetValue<string>());
    }
}
