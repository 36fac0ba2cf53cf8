using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.AccountData;

/// <summary>
/// A user's account data (key: the user ID; DIGEST §16): global entries and per-room entries (<c>m.tag</c>,
/// <c>m.fully_read</c>, …), each stamped with the version of the user's account-data stream at which it last
/// changed, so <c>/sync</c> can ask for "what changed since version N". Every change notifies the user's sync
/// stream. The server-managed types (<c>m.fully_read</c>, <c>m.push_rules</c>) are refused by the HTTP API, not
/// here: the read-marker endpoint and the push-rules engine write them through <see cref="SetAsync"/>.
/// </summary>
[Alias("account-data")]
public interface IAccountDataGrain : IGrainWithStringKey
{
    /// <summary>Sets one entry (global when <paramref name="roomId"/> is null); returns the new stream version.
    /// Content identical to the stored one changes nothing.</summary>
    Task<long> SetAsync(string? roomId, string type, JsonElement content);

    /// <summary>Sets (<paramref name="tagContent"/> an object such as <c>{"order": 0.5}</c>) or removes (null) one tag
    /// in the room's <c>m.tag</c> entry, atomically (DIGEST §16 tags).</summary>
    Task SetTagAsync(string roomId, string tag, JsonElement? tagContent);

    /// <summary>One entry, or null.</summary>
    [ReadOnly]
    Task<JsonElement?> GetAsync(string? roomId, string type);

    /// <summary>Entries changed after <paramref name="sinceVersion"/> (0: all), with the current version and the
    /// ignored-user list (<c>m.ignored_user_list</c>).</summary>
    [ReadOnly]
    Task<AccountDataChanges> GetChangesAsync(long sinceVersion);

    /// <summary>The users in <c>m.ignored_user_list</c>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetIgnoredUsersAsync();
}
