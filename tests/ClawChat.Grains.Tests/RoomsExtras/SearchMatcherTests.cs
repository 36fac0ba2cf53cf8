using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Rooms;

namespace ClawChat.Grains.Tests.RoomsExtras;

public sealed class SearchMatcherTests
{
    private static readonly string[] BodyOnly = [SearchMatcher.BodyKey];

    [Fact]
    public void Tokenize_SplitsOnNonWordCharacters_AndLowerCases()
    {
        Assert.Equal(["hello", "wörld", "42"], SearchTerms.Tokenize("Hello, WÖRLD! 42"));
        Assert.Equal(["a", "b"], SearchTerms.Tokenize("a b c d", max: 2));
        Assert.Empty(SearchTerms.Tokenize("  ...  "));
    }

    [Theory]
    [InlineData("The quick brown fox", "quick fox", true)]
    [InlineData("The quick brown fox", "qui", true)]
    [InlineData("The quick brown fox", "quick cat", false)]
    [InlineData("The quick brown fox", "uick", false)]
    public void Rank_NeedsEveryTermAsAWordPrefix(string body, string search, bool matches)
    {
        var message = TestEntries.Event(1, "m.room.message", "@a:test", $$"""{"msgtype": "m.text", "body": "{{body}}"}""");

        Assert.Equal(matches, SearchMatcher.Rank(message.Pdu, BodyOnly, SearchTerms.Tokenize(search)) is not null);
    }

    [Fact]
    public void Rank_UsesOnlyTheFieldOfEachKeysEventType()
    {
        var topic = TestEntries.Event(1, "m.room.topic", "@a:test", """{"topic": "gardening", "body": "gardening"}""", stateKey: "");

        Assert.Null(SearchMatcher.Rank(topic.Pdu, BodyOnly, ["garden"]));
        Assert.Equal(1.0, SearchMatcher.Rank(topic.Pdu, SearchMatcher.AllKeys, ["garden"]));
    }
}
