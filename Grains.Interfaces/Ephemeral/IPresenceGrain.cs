using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>
/// A user's presence (key: the user ID; DIGEST §16): <c>online</c>/<c>unavailable</c>/<c>offline</c>, a status
/// message and when the user was last active. A change of state or message is announced to the ephemeral
/// grains of the user's joined rooms, which wake the members' sync streams; mere activity (every sync) is not.
/// </summary>
[Alias("presence")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>Sets presence. <paramref name="fromSync"/>: from <c>/sync?set_presence=</c>, which keeps the status message.</summary>
    Task SetAsync(string presence, string? statusMessage, bool fromSync);

    [ReadOnly]
    Task<PresenceInfo> GetAsync();
}
