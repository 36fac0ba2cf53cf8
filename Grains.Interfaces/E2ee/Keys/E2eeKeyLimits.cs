namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>Bounds on what clients may store and ask for in the keys API. Real clients stay far below them: Element
/// keeps about 50 one-time keys per device and uploads one fallback key; a key object is a few hundred bytes.</summary>
public static class E2eeKeyLimits
{
    /// <summary>Unclaimed one-time keys one device may hold; an upload that would exceed it is refused whole with
    /// 400 M_INVALID_PARAM (not M_LIMIT_EXCEEDED, which clients read as "rate limited, retry later").</summary>
    public const int MaxOneTimeKeysPerDevice = 1000;

    /// <summary>Fallback keys in one upload (one per algorithm is kept).</summary>
    public const int MaxFallbackKeysPerUpload = 16;

    /// <summary>Size of one uploaded device-keys or cross-signing-key object, in characters of JSON.</summary>
    public const int MaxKeyObjectChars = 16 * 1024;

    /// <summary>Size of one uploaded one-time or fallback key object, in characters of JSON.</summary>
    public const int MaxOneTimeKeyChars = 4 * 1024;

    /// <summary>Length of a key ID (<c>algorithm:id</c>) or device ID.</summary>
    public const int MaxKeyIdLength = 255;

    /// <summary>Users in one <c>/keys/query</c>, <c>/keys/claim</c> or <c>/keys/signatures/upload</c>.</summary>
    public const int MaxUsersPerRequest = 1000;

    /// <summary>Devices (or signed keys) over all users of one <c>/keys/query</c>, <c>/keys/claim</c> or
    /// <c>/keys/signatures/upload</c>.</summary>
    public const int MaxDevicesPerRequest = 10_000;
}
