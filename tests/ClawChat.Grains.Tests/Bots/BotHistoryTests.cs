using System.Text.Json;
using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Tests.Bots;

/// <summary>The rolling history of a bot conversation: it answers a window only when it is sure to equal the room read
/// (BotConversationGrain.History), else the room is read.</summary>
public sealed class BotHistoryTests
{
    private const string Alice = "@alice:test.local";

    [Fact]
    public void Window_IsIncomplete_UntilItReachesTheLimitOrTheReset()
    {
        var history = new BotHistory(100);
        Record(history, "$1", 10, Text("one"));
        Record(history, "$2", 11, Text("two"));
        var window = new List<BotHistory.Entry>();

        Assert.False(history.TryWindow(11, reset: 0, encrypted: false, limit: 50, window)); // what came before $1 is unknown
        Assert.True(history.TryWindow(11, reset: 0, encrypted: false, limit: 2, window));
        Assert.Equal(["$1", "$2"], window.Select(e => e.EventId));
        Assert.True(history.TryWindow(11, reset: 10, encrypted: false, limit: 50, window));
        Assert.Equal(["$2"], window.Select(e => e.EventId));
    }

    [Fact]
    public void Edits_ReplaceTheText_OnlyFromTheOriginalSender_AndRedactionsRemoveIt()
    {
        var history = new BotHistory(100);
        Record(history, "$1", 10, Text("original"));
        Record(history, "$e1", 11, Edit("$1", "edited"), ts: 2);
        Record(history, "$e2", 12, Edit("$1", "by someone else"), ts: 3, sender: "@mallory:test.local");
        var window = new List<BotHistory.Entry>();
        Assert.True(history.TryWindow(12, reset: 0, encrypted: false, limit: 3, window));
        Assert.Equal("edited", Body(window[0]));
        Assert.Equal(BotMessage.Replace, window[1].RelType); // edits take a place in the window, like in the room read

        history.Redact("$e1");
        Assert.Equal("original", Body(window[0]));
        history.Redact("$1");
        Assert.Null(window[0].LatestContent());
    }

    [Fact]
    public void Seed_FillsWhatCameBefore_AndLaterPushesExtendIt()
    {
        var history = new BotHistory(100);
        Record(history, "$3", 30, Text("three"));
        history.Seed(30, pageFloor: 0, [Entry("$1", Text("one")), Entry("$2", Text("two")), Entry("$3", Text("three"))]);
        Record(history, "$4", 31, Text("four"));
        var window = new List<BotHistory.Entry>();

        Assert.True(history.TryWindow(31, reset: 0, encrypted: false, limit: 50, window));
        Assert.Equal(["$1", "$2", "$3", "$4"], window.Select(e => e.EventId));
        Assert.False(history.TryWindow(29, reset: 0, encrypted: false, limit: 50, window)); // read entries have no position
    }

    [Fact]
    public void Gaps_DisableTheHistory()
    {
        var history = new BotHistory(100);
        Record(history, "$1", 10, Text("one"));
        history.Seed(10, pageFloor: 0, [Entry("$1", Text("one"))]);
        Record(history, "$0", 9, Text("late")); // pushes come in position order: anything else may hide a gap
        var window = new List<BotHistory.Entry>();

        Assert.False(history.TryWindow(10, reset: 0, encrypted: false, limit: 50, window));
    }

    [Fact]
    public void EncryptedEvents_CountOnlyInAnEncryptedRoom()
    {
        var history = new BotHistory(100);
        history.Record("$1", Alice, BotCryptoGrain.EncryptedType, Json("{}"), Text("secret"), 10, 1, pushed: true);
        var window = new List<BotHistory.Entry>();

        Assert.True(history.TryWindow(10, reset: 9, encrypted: false, limit: 50, window));
        Assert.Empty(window);
        Assert.True(history.TryWindow(10, reset: 9, encrypted: true, limit: 50, window));
        Assert.Single(window);
    }

    private static void Record(BotHistory history, string id, long position, JsonElement content, long ts = 1, string sender = Alice) =>
        history.Record(id, sender, EventTypes.Message, content, content, position, ts, pushed: true);

    private static BotHistory.Entry Entry(string id, JsonElement content) =>
        new() { EventId = id, Sender = Alice, WireType = EventTypes.Message, Content = content };

    private static string? Body(BotHistory.Entry entry) => BotMessage.Parse(entry.LatestContent() ?? default).Body;

    private static JsonElement Text(string body) => JsonSerializer.SerializeToElement(new { msgtype = "m.text", body });

    private static JsonElement Edit(string target, string body) => Json(
        $$$"""{"msgtype":"m.text","body":"* {{{body}}}","m.new_content":{"msgtype":"m.text","body":"{{{body}}}"},"m.relates_to":{"rel_type":"m.replace","event_id":"{{{target}}}"}}""");

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
