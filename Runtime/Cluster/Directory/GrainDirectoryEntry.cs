using System.Globalization;

namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>The stored form of a directory entry: <c>"&lt;siloId&gt;|&lt;activationId&gt;|&lt;membershipVersion&gt;"</c>
/// (brief C5). Compact and parseable by the Lua scripts with one pattern; silo ids contain no '|'.</summary>
internal static class GrainDirectoryEntry
{
    public static string Format(GrainAddress address)
        => string.Create(CultureInfo.InvariantCulture, $"{address.Silo}|{address.ActivationId}|{address.MembershipVersion}");

    public static bool TryParse(GrainId grainId, string? value, out GrainAddress address)
    {
        address = null!;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var last = value.LastIndexOf('|');
        var middle = last > 0 ? value.LastIndexOf('|', last - 1) : -1;
        if (middle <= 0
            || !SiloAddress.TryParse(value[..middle], out var silo)
            || !ulong.TryParse(value.AsSpan(middle + 1, last - middle - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var activationId)
            || !long.TryParse(value.AsSpan(last + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        address = new GrainAddress(grainId, silo, activationId, version);
        return true;
    }

    public static GrainAddress Parse(GrainId grainId, string value)
        => TryParse(grainId, value, out var address)
            ? address
            : throw new FormatException($"Directory entry of {grainId} is malformed: '{value}'.");
}
