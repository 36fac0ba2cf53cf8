using System.Text.Json;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Tests.Events;

public sealed class PduTests
{
    private static PduDraft MessageDraft(string content = "{'body':'hello','msgtype':'m.text'}") => new()
    {
        RoomId = "!r:domain",
        Sender = "@u:domain",
        Type = EventTypes.Message,
        Content = TestJson.Parse(content),
        OriginServerTs = 1000000,
        PrevEvents = ["$prev"],
        AuthEvents = ["$a1", "$a2"],
        Depth = 5,
    };

    [Fact]
    public void Create_ComputesDigestContentHashAndEventId()
    {
        var pdu = Pdu.Create(MessageDraft(), RoomVersion.V11);

        Assert.Equal("gq4gK3WJFHcMaekLhmfxB5vgg7bQS2TnXqyqdfHsGRI", pdu.ContentHash);
        Assert.Equal("$E5c8Dgw2Q1gjy1Ei9A87SPoHEhHGxJRXakuNoQKevhw", pdu.EventId);
    }

    [Fact]
    public void ToCanonicalJson_HasNoEventIdAndNoSignatures()
    {
        var json = System.Text.Encoding.UTF8.GetString(Pdu.Create(MessageDraft(), RoomVersion.V11).ToCanonicalJson());

        Assert.Equal(
            "{\"auth_events\":[\"$a1\",\"$a2\"],\"content\":{\"body\":\"hello\",\"msgtype\":\"m.text\"},\"depth\":5," +
            "\"hashes\":{\"sha256\":\"gq4gK3WJFHcMaekLhmfxB5vgg7bQS2TnXqyqdfHsGRI\"},\"origin_server_ts\":1000000," +
            "\"prev_events\":[\"$prev\"],\"room_id\":\"!r:domain\",\"sender\":\"@u:domain\",\"type\":\"m.room.message\"}",
            json);
    }

    [Fact]
    public void Parse_RecomputesTheSameEventId()
    {
        var pdu = Pdu.Create(MessageDraft(), RoomVersion.V11);
        var parsed = Pdu.Parse(TestJson.Raw(System.Text.Encoding.UTF8.GetString(pdu.ToCanonicalJson())), RoomVersion.V11);

        Assert.Equal(pdu.EventId, parsed.EventId);
        Assert.Equal(pdu.ContentHash, parsed.ContentHash);
        Assert.Equal(pdu.PrevEvents, parsed.PrevEvents);
    }

    [Fact]
    public void Create_V11_PutsRedactsInContent()
    {
        var pdu = Pdu.Create(MessageDraft("{}") with { Type = EventTypes.Redaction, Redacts = "$target" }, RoomVersion.V11);

        Assert.Null(pdu.Redacts);
        Assert.Equal("$target", pdu.GetContentString("redacts"));
        Assert.Equal("$target", pdu.GetRedactsTarget(RoomVersion.V11));
    }

    [Fact]
    public void Create_V10_PutsRedactsAtTopLevel()
    {
        var pdu = Pdu.Create(MessageDraft("{}") with { Type = EventTypes.Redaction, Redacts = "$target" }, RoomVersion.V10);

        Assert.Equal("$target", pdu.Redacts);
        Assert.Null(pdu.GetContentString("redacts"));
        Assert.Equal("$target", pdu.GetRedactsTarget(RoomVersion.V10));
    }

    [Fact]
    public void Create_RejectsFloatContentWithBadJson()
    {
        var ex = Assert.Throws<MatrixException>(() => Pdu.Create(MessageDraft("{'n':1.5}"), RoomVersion.V11));

        Assert.Equal(MatrixErrorCode.BadJson, ex.ErrCode);
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void Create_RejectsNonObjectContent() =>
        Assert.Equal(MatrixErrorCode.BadJson, Assert.Throws<MatrixException>(() => Pdu.Create(MessageDraft("[1]"), RoomVersion.V11)).ErrCode);

    [Fact]
    public void Create_RejectsEventsLargerThan64KiB()
    {
        var big = JsonSerializer.SerializeToElement(new { body = new string('x', Pdu.MaxSizeBytes) });

        var ex = Assert.Throws<MatrixException>(() => Pdu.Create(MessageDraft() with { Content = big }, RoomVersion.V11));

        Assert.Equal(MatrixErrorCode.TooLarge, ex.ErrCode);
    }

    [Fact]
    public void Create_RejectsStateKeyLongerThan255Bytes() =>
        Assert.Throws<MatrixException>(() => Pdu.Create(MessageDraft() with { StateKey = new string('k', 256) }, RoomVersion.V11));

    [Fact]
    public void Redact_KeepsEventIdAndStripsContent()
    {
        var pdu = Pdu.Create(MessageDraft(), RoomVersion.V11);

        var redacted = pdu.Redact(RoomVersion.V11);

        Assert.Equal(pdu.EventId, redacted.EventId);
        Assert.Equal("{}", CanonicalJson.EncodeToString(redacted.Content));
        Assert.Equal(pdu.EventId, Pdu.Parse(TestJson.Raw(System.Text.Encoding.UTF8.GetString(redacted.ToCanonicalJson())), RoomVersion.V11).EventId);
    }

    [Fact]
    public void Redact_KeepsStateKeySoTheEventStillCountsAsState()
    {
        var pdu = Pdu.Create(MessageDraft("{'membership':'join','displayname':'U'}") with { Type = EventTypes.Member, StateKey = "@u:domain" }, RoomVersion.V11);

        var redacted = pdu.Redact(RoomVersion.V11);

        Assert.Equal("@u:domain", redacted.StateKey);
        Assert.Equal("join", redacted.GetContentString("membership"));
        Assert.Null(redacted.GetContentString("displayname"));
    }
}
