using System.Globalization;
using System.Text;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Sync;

/// <summary>A user's stored filters (see <see cref="IUserFiltersGrain"/>): IDs are small decimal numbers; an
/// identical filter (same canonical JSON) gets its existing ID back.</summary>
[GrainType("user-filters")]
public sealed class UserFiltersGrain : Grain, IUserFiltersGrain
{
    /// <summary>Filters kept per user; past it the oldest go (clients re-upload theirs on start).</summary>
    internal const int MaxFilters = 256;

    private readonly IPersistentState<UserFiltersState> _state;

    public UserFiltersGrain([PersistentState("filters")] IPersistentState<UserFiltersState> state)
    {
        _state = state;
    }

    public async Task<string> CreateAsync(JsonElement filter)
    {
        var json = Canonical(filter);
        foreach (var (id, existing) in _state.State.Filters)
        {
            if (string.Equals(existing, json, StringComparison.Ordinal))
            {
                return id;
            }
        }

        var newId = _state.State.NextId.ToString(CultureInfo.InvariantCulture);
        _state.State.NextId++;
        _state.State.Filters[newId] = json;
        while (_state.State.Filters.Count > MaxFilters)
        {
            _state.State.Filters.Remove(_state.State.Filters.Keys.MinBy(k => long.Parse(k, CultureInfo.InvariantCulture))!);
        }

        await _state.WriteStateAsync();
        return newId;
    }

    public Task<JsonElement?> GetAsync(string filterId)
    {
        JsonElement? filter = null;
        if (_state.State.Filters.TryGetValue(filterId, out var json))
        {
            using var document = JsonDocument.Parse(json);
            filter = document.RootElement.Clone();
        }

        return Task.FromResult(filter);
    }

    private static string Canonical(JsonElement filter)
    {
        try
        {
            return Encoding.UTF8.GetString(CanonicalJson.Encode(filter));
        }
        catch (CanonicalJsonException)
        {
            return filter.GetRawText();
        }
    }
}
