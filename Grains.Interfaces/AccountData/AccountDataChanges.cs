namespace ClawChat.Grains.Interfaces.AccountData;

/// <summary>Account data changed since a version: global entries, per-room entries (room ID → entries), the
/// stream's current version and the ignored users (always the full current list).</summary>
public sealed record AccountDataChanges(
    long Version,
    IReadOnlyList<AccountDataEntry> Global,
    IReadOnlyDictionary<string, IReadOnlyList<AccountDataEntry>> Rooms,
    IReadOnlyList<string> IgnoredUsers);
