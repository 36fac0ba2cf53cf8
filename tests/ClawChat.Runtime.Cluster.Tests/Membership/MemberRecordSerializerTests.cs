using System.Text.Json;
using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>The stored member record (brief C4 record format).</summary>
public sealed class MemberRecordSerializerTests
{
    private static readonly SiloAddress Silo = SiloAddress.Parse("10.1.2.3:11111@1732001234567");

    [Fact]
    public void RoundTrips_EveryField()
    {
        var record = new MemberRecord(Silo, "silo-a", 8008, SiloStatus.Dead, 1732001234567, 1732001236001, 1732001299500,
            [new SuspectVote(SiloAddress.Parse("10.1.2.4:11111@1732000000000"), 1732001299000)], 6000);

        var parsed = MemberRecordSerializer.TryDeserialize(MemberRecordSerializer.Serialize(record));

        Assert.NotNull(parsed);
        Assert.Equal(record with { Suspects = [] }, parsed with { Suspects = [] });
        Assert.Equal(record.Suspects, parsed.Suspects);
    }

    [Fact]
    public void WritesTheBriefsFieldNames()
    {
        var json = MemberRecordSerializer.Serialize(new MemberRecord(Silo, "silo-a", 8008, SiloStatus.Active, 1, 2, null, [], 6000));

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "id", "host", "name", "siloPort", "httpPort", "status", "startedAt", "statusAt", "leaseMs" }, names);
        Assert.Equal("Active", document.RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"id":"nonsense","status":"Active"}""")]
    [InlineData("""{"id":"10.1.2.3:11111@1","status":"Sleeping"}""")]
    [InlineData("""{"id":"10.1.2.3:11111@1","status":"None"}""")]
    public void Rejects_MalformedRecords(string json)
    {
        Assert.Null(MemberRecordSerializer.TryDeserialize(json));
    }

    [Fact]
    public void Reads_CjsonOutput_WithoutSuspects_AndEscapedSlashes()
    {
        const string json = """{"deadAt":null,"leaseMs":6000,"name":"a\/b","status":"Joining","id":"10.1.2.3:11111@1732001234567","httpPort":8008,"siloPort":11111,"startedAt":1732001234567,"statusAt":1732001234567}""";

        var parsed = MemberRecordSerializer.TryDeserialize(json);

        Assert.NotNull(parsed);
        Assert.Equal("a/b", parsed.Name);
        Assert.Empty(parsed.Suspects);
        Assert.Null(parsed.DeadAtMs);
    }
}
