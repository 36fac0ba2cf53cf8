using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClawChat.Grains.Accounts;

/// <summary>
/// Password hashes: PBKDF2-HMAC-SHA512 with a 16-byte random salt and a 64-byte output, encoded as
/// <c>pbkdf2-sha512$&lt;iterations&gt;$&lt;salt b64&gt;$&lt;hash b64&gt;</c> so the cost can be raised later
/// (<see cref="NeedsRehash"/>, applied on the next successful login). 210,000 iterations is OWASP's 2023
/// figure for PBKDF2-HMAC-SHA512; it costs roughly 100–200 ms of one core per hash, which is also what
/// bounds a password-guessing attacker per request.
/// </summary>
public static class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha512";

    public const int CurrentIterations = 210_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 64;

    /// <summary>A hash of an unguessable password, verified against when the user does not exist so that
    /// "no such user" takes as long as "wrong password".</summary>
    private static readonly string DummyHash = Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, CurrentIterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${CurrentIterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Constant-time check of <paramref name="password"/> against an encoded hash; false for a
    /// malformed or unknown encoding (never throws on stored data).</summary>
    public static bool Verify(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (encoded is null || !TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            VerifyDummy(password);
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification without a stored hash (unknown user).</summary>
    public static void VerifyDummy(string password) => Verify(password, DummyHash);

    /// <summary>Whether a stored hash uses less than the current cost and should be replaced.</summary>
    public static bool NeedsRehash(string encoded) =>
        !TryParse(encoded, out var iterations, out _, out _) || iterations < CurrentIterations;

    private static bool TryParse(string encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = encoded.Split('$');
        if (parts.Length != 4
            || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < 1 or > 10_000_000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length > 0 && hash.Length > 0;
    }
}
