using System.Text.Json;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Converts between <see cref="MemberRecord"/> and the stored JSON (brief C4).</summary>
internal static class MemberRecordSerializer
{
    public static string Serialize(MemberRecord record)
    {
        var document = new MemberRecordDocument
        {
            Id = record.Address.ToString(),
            Host = Environment.MachineName,
            Name = record.Name,
            SiloPort = record.Address.Port,
            HttpPort = record.HttpPort,
            Status = record.Status.ToString(),
            StartedAt = record.StartedAtMs,
            StatusAt = record.StatusAtMs,
            Suspects = record.Suspects.Count == 0
                ? null
                : record.Suspects.Select(v => new SuspectVoteDocument { By = v.By.ToString(), At = v.AtMs }).ToList(),
            DeadAt = record.DeadAtMs,
            LeaseMs = record.LeaseMs,
        };
        return JsonSerializer.Serialize(document, MembershipJsonContext.Default.MemberRecordDocument);
    }

    /// <summary>Null when the JSON is malformed or names an unknown status: one corrupt row must not
    /// stop a silo from reading the rest of the table.</summary>
    public static MemberRecord? TryDeserialize(string json)
    {
        MemberRecordDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, MembershipJsonContext.Default.MemberRecordDocument);
        }
        catch (JsonException)
        {
            return null;
        }

        if (document is null
            || !SiloAddress.TryParse(document.Id, out var address)
            || !Enum.TryParse<SiloStatus>(document.Status, ignoreCase: false, out var status)
            || status == SiloStatus.None)
        {
            return null;
        }

        var suspects = new List<SuspectVote>(document.Suspects?.Count ?? 0);
        foreach (var vote in document.Suspects ?? [])
        {
            if (SiloAddress.TryParse(vote.By, out var by))
            {
                suspects.Add(new SuspectVote(by, vote.At));
            }
        }

        return new MemberRecord(address, document.Name, document.HttpPort, status, document.StartedAt, document.StatusAt, document.DeadAt, suspects, document.LeaseMs);
    }
}
