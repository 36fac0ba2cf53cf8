using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Grains.Tests.E2ee.Keys;

/// <summary>A <see cref="GrainsTestSilo"/> (server <c>test.local</c>, which the device-list fan-out needs so the keys
/// grain's publishes reach the users' device-list logs) that also resolves any <c>IOptions&lt;T&gt;</c> with defaults,
/// as the keys tests always have.</summary>
internal sealed class KeysTestSilo() : GrainsTestSilo(static services => services.AddOptions())
{
    public IUserKeysGrain Keys(string userId) => Factory.GetGrain<IUserKeysGrain>(userId);

    /// <summary>The position of <paramref name="userId"/>'s own device-list log and whether it lists the user as changed.</summary>
    public async Task<(long Position, bool SelfChanged)> OwnDeviceListAsync(string userId)
    {
        var changes = await Factory.GetGrain<IDeviceListLogGrain>(userId).GetChangesAsync(0);
        return (changes.Position, changes.Changed.Contains(userId, StringComparer.Ordinal));
    }
}
