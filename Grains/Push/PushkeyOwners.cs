using System.Security.Cryptography;
using System.Text;

namespace ClawChat.Grains.Push;

/// <summary>Keys of <see cref="PushkeyOwnersGrain"/>.</summary>
internal static class PushkeyOwners
{
    /// <summary>Hex SHA-256 of <c>app_id NUL pushkey</c>: pushkeys can be 512 bytes of anything, grain keys should not.</summary>
    public static string KeyOf(string appId, string pushkey)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(pushkey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appId + "\0" + pushkey)));
    }
}
