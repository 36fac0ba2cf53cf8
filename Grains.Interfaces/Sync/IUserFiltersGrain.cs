using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>A user's stored sync filters (key: the user ID; DIGEST §7, spec filter.yaml). Identical filters get
/// the same ID (clients upload theirs on every start), so the store does not grow with restarts.</summary>
[Alias("user-filters")]
public interface IUserFiltersGrain : IGrainWithStringKey
{
    /// <summary>Stores a filter (already validated) and returns its ID (never starting with <c>{</c>).</summary>
    Task<string> CreateAsync(JsonElement filter);

    /// <summary>The filter with this ID, or null.</summary>
    [ReadOnly]
    Task<JsonElement?> GetAsync(string filterId);
}
