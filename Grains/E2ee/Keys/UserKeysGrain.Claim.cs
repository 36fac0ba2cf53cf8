using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Keys;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary><c>POST /keys/claim</c> (DIGEST §12.3). Exactly-once hand-out rests on the grain being the single,
/// non-reentrant writer: removal and the state write happen in one turn, before any other claim is admitted.</summary>
public sealed partial class UserKeysGrain
{
    public async Task<IReadOnlyDictionary<string, ClaimedKey>> ClaimAsync(IReadOnlyDictionary<string, string> algorithmsByDevice)
    {
        ArgumentNullException.ThrowIfNull(algorithmsByDevice);
        var claimed = new Dictionary<string, ClaimedKey>(StringComparer.Ordinal);
        var changed = false;
        foreach (var (deviceId, algorithm) in algorithmsByDevice)
        {
            if (!Keys.Devices.TryGetValue(deviceId, out var device))
            {
                continue;
            }

            // Upload order is kept, so the first match is from the oldest upload batch.
            var index = device.OneTimeKeys.FindIndex(k => string.Equals(AlgorithmOf(k.KeyId), algorithm, StringComparison.Ordinal));
            if (index >= 0)
            {
                var key = device.OneTimeKeys[index];
                device.OneTimeKeys.RemoveAt(index);
                claimed[deviceId] = new ClaimedKey(key.KeyId, Parse(key.Json));
                changed = true;
            }
            else if (device.FallbackKeys.TryGetValue(algorithm, out var fallback))
            {
                if (!fallback.Used)
                {
                    device.FallbackKeys[algorithm] = fallback with { Used = true };
                    changed = true;
                }

                claimed[deviceId] = new ClaimedKey(fallback.KeyId, Parse(fallback.Json));
            }
        }

        if (changed)
        {
            await _state.WriteStateAsync();
        }

        return claimed;
    }
}
