using System.Globalization;
using ClawChat.Runtime;

namespace ClawChat.Storage.GrainState;

/// <summary>ETag = the record's version as a decimal string; version 1 is the first write.</summary>
internal static class GrainStateEtag
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a non-null ETag. One this storage could not have produced can never match a
    /// stored version, so it is reported as a conflict rather than as bad input.</summary>
    public static long Parse(string etag, GrainId grainId, string stateName)
    {
        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        throw Conflict(grainId, stateName, storedVersion: null, etag);
    }

    public static InconsistentStateException Conflict(GrainId grainId, string stateName, long? storedVersion, string? currentEtag)
    {
        var stored = storedVersion is { } v ? Format(v) : null;
        return new InconsistentStateException(
            $"Version conflict on state '{stateName}' of grain {grainId}: stored ETag '{stored ?? "<none>"}', expected '{currentEtag ?? "<none>"}'.",
            stored,
            currentEtag);
    }
}
