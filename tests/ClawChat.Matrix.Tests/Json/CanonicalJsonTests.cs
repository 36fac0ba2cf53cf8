using System.Text;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Tests.Json;

public sealed class CanonicalJsonTests
{
    // DIGEST §2 and the spec appendix's canonical JSON examples.
    [Theory]
    [InlineData("{}", "{}")]
    [InlineData("{\"one\": 1, \"two\": \"Two\"}", "{\"one\":1,\"two\":\"Two\"}")]
    [InlineData("{\"b\": \"2\", \"a\": \"1\"}", "{\"a\":\"1\",\"b\":\"2\"}")]
    [InlineData("{\"b\":\"2\",\"a\":\"1\"}", "{\"a\":\"1\",\"b\":\"2\"}")]
    [InlineData("{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\", \"profile\": {\"display_name\": \"John Doe\", \"three_pids\": [{\"medium\": \"email\", \"address\": \"john.doe@example.org\"}, {\"medium\": \"msisdn\", \"address\": \"123456789\"}]}}}",
        "{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\",\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}")]
    [InlineData("{\"a\": \"日本語\"}", "{\"a\":\"日本語\"}")]
    [InlineData("{\"本\": 2, \"日\": 1}", "{\"日\":1,\"本\":2}")]
    [InlineData("{\"a\": \"\\u65E5\"}", "{\"a\":\"日\"}")]
    [InlineData("{\"a\": null}", "{\"a\":null}")]
    [InlineData("{\"a\": -0, \"b\": 1e10}", "{\"a\":0,\"b\":10000000000}")]
    [InlineData("[3, 1, 2]", "[3,1,2]")]
    [InlineData("{\"z\": {\"b\": 1, \"a\": [ {\"d\": 1, \"c\": 2} ]}}", "{\"z\":{\"a\":[{\"c\":2,\"d\":1}],\"b\":1}}")]
    [InlineData("{\"t\": true, \"f\": false}", "{\"f\":false,\"t\":true}")]
    public void Canonicalize_MatchesSpecVectors(string input, string expected) =>
        Assert.Equal(expected, CanonicalJson.Canonicalize(input));

    [Theory]
    [InlineData("\"\\\"\"", "\"\\\"\"")]             // quote
    [InlineData("\"\\\\\"", "\"\\\\\"")]             // backslash
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\"\\u0000\"", "\"\\u0000\"")]
    [InlineData("\"\\u001F\"", "\"\\u001f\"")]       // lower-case hex
    [InlineData("\"\\u000b\"", "\"\\u000b\"")]       // vertical tab has no short form
    [InlineData("\"\\/\"", "\"/\"")]                 // '/' is not escaped
    [InlineData("\"<>&'+\"", "\"<>&'+\"")]           // nor HTML-sensitive characters
    [InlineData("\"\\u007f\"", "\"\u007f\"")]        // DEL is not a JSON control character
    [InlineData("\"\\u2028\\u00e9\"", "\"\u2028é\"")]
    [InlineData("\"\\ud83d\\ude00\"", "\"😀\"")]     // astral plane as raw 4-byte UTF-8
    public void Canonicalize_EscapesOnlyWhatTheSpecRequires(string input, string expected) =>
        Assert.Equal(expected, CanonicalJson.Canonicalize(input));

    [Fact]
    public void Encode_WritesNonAsciiAsRawUtf8Bytes()
    {
        var bytes = CanonicalJson.Canonicalize("{\"a\":\"\\u65E5\"}"u8);

        Assert.Equal(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xE6, 0x97, 0xA5, (byte)'"', (byte)'}' }, bytes);
    }

    [Fact]
    public void Encode_SortsKeysByCodePointNotUtf16Unit()
    {
        // U+FF5E (fullwidth tilde) is one UTF-16 unit 0xFF5E; U+1F600 is the pair 0xD83D 0xDE00.
        // UTF-16 order puts the emoji first, code point order puts it last.
        var canonical = CanonicalJson.Canonicalize("{\"😀\":1,\"～\":2}");

        Assert.Equal("{\"～\":2,\"😀\":1}", canonical);
    }

    [Theory]
    [InlineData("9007199254740991", "9007199254740991")]
    [InlineData("-9007199254740991", "-9007199254740991")]
    [InlineData("1.0", "1")]
    [InlineData("1E2", "100")]
    [InlineData("2.5e1", "25")]
    [InlineData("-0.0", "0")]
    [InlineData("0e400", "0")]
    public void Canonicalize_NormalisesIntegralNumbers(string input, string expected) =>
        Assert.Equal(expected, CanonicalJson.Canonicalize(input));

    [Theory]
    [InlineData("1.5")]
    [InlineData("0.1")]
    [InlineData("1e-1")]
    [InlineData("9007199254740992")]
    [InlineData("-9007199254740992")]
    [InlineData("1e16")]
    [InlineData("1e400")]
    [InlineData("{\"a\":[1, 2.5]}")]
    [InlineData("1.00000000000000000000001")]
    public void Canonicalize_RejectsFloatsAndOutOfRangeIntegers(string input) =>
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize(input));

    [Fact]
    public void Canonicalize_RejectsDuplicateKeys() =>
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize("{\"a\":1,\"a\":2}"));

    [Fact]
    public void Canonicalize_RejectsInvalidJson() =>
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize("{\"a\":"));

    [Fact]
    public void Encode_JsonNode_MatchesEncodingOfEquivalentText()
    {
        var node = new JsonObject
        {
            ["b"] = 1L,
            ["a"] = new JsonArray("x/y", true, null, 3),
            ["c"] = new JsonObject { ["é"] = "日\n", ["e"] = JsonValue.Create(2.0) },
        };

        Assert.Equal("{\"a\":[\"x/y\",true,null,3],\"b\":1,\"c\":{\"e\":2,\"é\":\"日\\n\"}}", CanonicalJson.EncodeToString(node));
    }

    [Fact]
    public void Encode_JsonNode_RejectsFloats() =>
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Encode(new JsonObject { ["a"] = 0.5 }));

    [Fact]
    public void Encode_JsonNode_RejectsOutOfRangeLongs() =>
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Encode(new JsonObject { ["a"] = long.MaxValue }));

    [Fact]
    public void Encode_JsonNode_WrappingParsedElement_IsCanonicalised()
    {
        var node = JsonObject.Create(TestJson.Raw("{\"b\": 1, \"a\": {\"d\": 2, \"c\": \"\\u00e9\"}}"));

        Assert.Equal("{\"a\":{\"c\":\"é\",\"d\":2},\"b\":1}", Encoding.UTF8.GetString(CanonicalJson.Encode(node)));
    }
}
