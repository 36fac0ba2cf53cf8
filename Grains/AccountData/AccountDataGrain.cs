using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Runtime;

namespace ClawChat.Grains.AccountData;

/// <summary>
/// A user's account data (see <see cref="IAccountDataGrain"/>). Account data is small (a few dozen entries), so
/// it is one document; each change bumps the stream version, stamps the entry with it and tells the user's sync
/// stream (one-way), which wakes a waiting <c>/sync</c> (DIGEST §16: every change shows up in the next sync).
/// </summary>
[GrainType("account-data")]
public sealed class AccountDataGrain : Grain, IAccountDataGrain
{
    private readonly IPersistentState<AccountDataState> _state;

    public AccountDataGrain([PersistentState("data")] IPersistentState<AccountDataState> state)
    {
        _state = state;
    }

    private AccountDataState Data => _state.State;

    public async Task<long> SetAsync(string? roomId, string type, JsonElement content)
    {
        ArgumentNullException.ThrowIfNull(type);
        var json = content.GetRawText();
        var entries = roomId is null ? Data.Global : RoomEntries(roomId);
        if (entries.TryGetValue(type, out var existing) && string.Equals(existing.Content, json, StringComparison.Ordinal))
        {
            return Data.Version;
        }

        Data.Version++;
        entries[type] = new AccountDataRecord(json, Data.Version);
        await _state.WriteStateAsync();
        _ = GrainFactory.GetGrain<ISyncGrain>(GetPrimaryKeyString()).OnAccountDataAsync(Data.Version);
        return Data.Version;
    }

    public async Task SetTagAsync(string roomId, string tag, JsonElement? tagContent)
    {
        var tags = new JsonObject();
        if (RoomEntries(roomId).TryGetValue(AccountDataTypes.Tag, out var record)
            && JsonNode.Parse(record.Content) is JsonObject content && content["tags"] is JsonObject existing)
        {
            tags = (JsonObject)existing.DeepClone();
        }

        if (tagContent is { } value)
        {
            tags[tag] = JsonNode.Parse(value.GetRawText());
        }
        else if (!tags.Remove(tag))
        {
            return;
        }

        await SetAsync(roomId, AccountDataTypes.Tag, JsonSerializer.SerializeToElement(new JsonObject { ["tags"] = tags }));
    }

    public Task<JsonElement?> GetAsync(string? roomId, string type)
    {
        var entries = roomId is null ? Data.Global : Data.Rooms.GetValueOrDefault(roomId);
        JsonElement? content = entries is not null && entries.TryGetValue(type, out var record) ? Parse(record.Content) : null;
        return Task.FromResult(content);
    }

    public Task<AccountDataChanges> GetChangesAsync(long sinceVersion)
    {
        var global = Changed(Data.Global, sinceVersion);
        var rooms = new Dictionary<string, IReadOnlyList<AccountDataEntry>>(StringComparer.Ordinal);
        foreach (var (roomId, entries) in Data.Rooms)
        {
            var changed = Changed(entries, sinceVersion);
            if (changed.Count > 0)
            {
                rooms[roomId] = changed;
            }
        }

        return Task.FromResult(new AccountDataChanges(Data.Version, global, rooms, IgnoredUsers()));
    }

    public Task<IReadOnlyList<string>> GetIgnoredUsersAsync() => Task.FromResult(IgnoredUsers());

    private Dictionary<string, AccountDataRecord> RoomEntries(string roomId)
    {
        if (!Data.Rooms.TryGetValue(roomId, out var entries))
        {
            entries = new Dictionary<string, AccountDataRecord>(StringComparer.Ordinal);
            Data.Rooms[roomId] = entries;
        }

        return entries;
    }

    /// <summary><c>m.ignored_user_list</c> content <c>{"ignored_users": {user_id: {}}}</c> (DIGEST §6).</summary>
    private IReadOnlyList<string> IgnoredUsers()
    {
        if (!Data.Global.TryGetValue(AccountDataTypes.IgnoredUserList, out var record))
        {
            return [];
        }

        var content = Parse(record.Content);
        return content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("ignored_users", out var users) && users.ValueKind == JsonValueKind.Object
                ? [.. users.EnumerateObject().Select(p => p.Name)]
                : [];
    }

    private static List<AccountDataEntry> Changed(Dictionary<string, AccountDataRecord> entries, long sinceVersion) =>
        [.. entries.Where(e => e.Value.Version > sinceVersion)
            .OrderBy(e => e.Value.Version)
            .Select(e => new AccountDataEntry(e.Key, Parse(e.Value.Content)))];

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
