using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Tests.Events;

public sealed class EventHashingTests
{
    private const string V11Message =
        "{\"type\":\"m.room.message\",\"room_id\":\"!r:domain\",\"sender\":\"@u:domain\",\"origin_server_ts\":1000000," +
        "\"content\":{\"body\":\"hello\",\"msgtype\":\"m.text\"},\"depth\":5,\"prev_events\":[\"$prev\"],\"auth_events\":[\"$a1\",\"$a2\"]," +
        "\"unsigned\":{\"age\":5}}";

    // The spec's signing vectors (DIGEST §2): the content hash does not depend on the room version.
    [Theory]
    [InlineData(
        "{\"room_id\":\"!x:domain\",\"sender\":\"@a:domain\",\"origin\":\"domain\",\"origin_server_ts\":1000000,\"signatures\":{},\"hashes\":{},\"type\":\"X\",\"content\":{},\"prev_events\":[],\"auth_events\":[],\"depth\":3,\"unsigned\":{\"age_ts\":1000000}}",
        "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos")]
    [InlineData(
        "{\"content\":{\"body\":\"Here is the message content\"},\"event_id\":\"$0:domain\",\"origin\":\"domain\",\"origin_server_ts\":1000000,\"type\":\"m.room.message\",\"room_id\":\"!r:domain\",\"sender\":\"@u:domain\",\"signatures\":{},\"unsigned\":{\"age_ts\":1000000}}",
        "onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g")]
    [InlineData(V11Message, "gq4gK3WJFHcMaekLhmfxB5vgg7bQS2TnXqyqdfHsGRI")]
    public void ComputeContentHash_MatchesSpecVectors(string pdu, string expected) =>
        Assert.Equal(expected, EventHashing.ComputeContentHash(JsonNode.Parse(pdu)!.AsObject()));

    [Fact]
    public void ComputeContentHash_IsSha256OfCanonicalJsonWithoutUnsignedSignaturesAndHashes()
    {
        var pdu = JsonNode.Parse("{\"z\":1,\"content\":{\"b\":\"日\",\"a\":[1,2]},\"hashes\":{\"sha256\":\"x\"},\"signatures\":{\"s\":{}},\"unsigned\":{\"age\":1}}")!.AsObject();
        const string handWritten = "{\"content\":{\"a\":[1,2],\"b\":\"日\"},\"z\":1}";
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(handWritten))).TrimEnd('=');

        Assert.Equal(expected, EventHashing.ComputeContentHash(pdu));
    }

    [Fact]
    public void ComputeEventId_MatchesDigestVectorForV11()
    {
        var pdu = JsonNode.Parse(V11Message)!.AsObject();
        pdu["hashes"] = new JsonObject { ["sha256"] = EventHashing.ComputeContentHash(pdu) };

        Assert.Equal("$E5c8Dgw2Q1gjy1Ei9A87SPoHEhHGxJRXakuNoQKevhw", EventHashing.ComputeEventId(pdu, RoomVersion.V11).Value);
    }

    [Fact]
    public void ComputeReferenceHash_IsSha256OfRedactedCanonicalJsonWithoutSignatures()
    {
        var pdu = JsonNode.Parse(V11Message)!.AsObject();
        pdu["hashes"] = new JsonObject { ["sha256"] = "gq4gK3WJFHcMaekLhmfxB5vgg7bQS2TnXqyqdfHsGRI" };
        pdu["signatures"] = new JsonObject { ["domain"] = new JsonObject { ["ed25519:1"] = "sig" } };
        const string handWritten =
            "{\"auth_events\":[\"$a1\",\"$a2\"],\"content\":{},\"depth\":5,\"hashes\":{\"sha256\":\"gq4gK3WJFHcMaekLhmfxB5vgg7bQS2TnXqyqdfHsGRI\"}," +
            "\"origin_server_ts\":1000000,\"prev_events\":[\"$prev\"],\"room_id\":\"!r:domain\",\"sender\":\"@u:domain\",\"type\":\"m.room.message\"}";

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(handWritten)), EventHashing.ComputeReferenceHash(pdu, RoomVersion.V11));
    }

    [Fact]
    public void ComputeEventId_IgnoresSignaturesAndUnsigned()
    {
        var pdu = JsonNode.Parse(V11Message)!.AsObject();
        var before = EventHashing.ComputeEventId(pdu, RoomVersion.V11);
        pdu["signatures"] = new JsonObject { ["domain"] = new JsonObject { ["ed25519:1"] = "sig" } };
        pdu["unsigned"] = new JsonObject { ["age"] = 999 };

        Assert.Equal(before, EventHashing.ComputeEventId(pdu, RoomVersion.V11));
    }

    [Fact]
    public void ComputeEventId_CoversContentOnlyThroughTheContentHash()
    {
        var a = JsonNode.Parse(V11Message)!.AsObject();
        var b = JsonNode.Parse(V11Message.Replace("hello", "bye", StringComparison.Ordinal))!.AsObject();

        // Same redacted form without hashes, so the same ID…
        Assert.Equal(EventHashing.ComputeEventId(a, RoomVersion.V11), EventHashing.ComputeEventId(b, RoomVersion.V11));

        a["hashes"] = new JsonObject { ["sha256"] = EventHashing.ComputeContentHash(a) };
        b["hashes"] = new JsonObject { ["sha256"] = EventHashing.ComputeContentHash(b) };

        // …but different content hashes make the IDs differ.
        Assert.NotEqual(EventHashing.ComputeEventId(a, RoomVersion.V11), EventHashing.ComputeEventId(b, RoomVersion.V11));
    }

    [Fact]
    public void VerifyContentHash_DetectsTampering()
    {
        var pdu = JsonNode.Parse(V11Message)!.AsObject();
        pdu["hashes"] = new JsonObject { ["sha256"] = EventHashing.ComputeContentHash(pdu) };
        Assert.True(EventHashing.VerifyContentHash(pdu));

        pdu["content"]!["body"] = "tampered";
        Assert.False(EventHashing.VerifyContentHash(pdu));
    }

    [Fact]
    public void ComputeContentHash_RejectsFloatsInContent()
    {
        var pdu = JsonNode.Parse("{\"content\":{\"n\":1.5}}")!.AsObject();

        Assert.Throws<CanonicalJsonException>(() => EventHashing.ComputeContentHash(pdu));
    }
}
