using System.Runtime.InteropServices;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>Loads libolm once per process, lazily. A missing <c>libolm.so.3</c> is not fatal: bots keep working in
/// unencrypted rooms, and encrypted events are skipped with a log line naming the Debian package.</summary>
internal static class OlmLibrary
{
    public const string MissingLibraryHint =
        "libolm (libolm.so.3) is not installed on this server; install the Debian package libolm3 so bots work in encrypted rooms.";

    private static readonly Lazy<string?> LoadError = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once libolm is loaded.</summary>
    public static bool IsAvailable => LoadError.Value is null;

    /// <summary>Throws <see cref="OlmException"/> unless libolm is usable.</summary>
    public static void EnsureAvailable()
    {
        if (LoadError.Value is { } error)
        {
            throw new OlmException(error);
        }
    }

    /// <summary>Throws with the object's last error when <paramref name="result"/> is <c>olm_error()</c>.</summary>
    public static nuint Check(nuint result, Func<IntPtr, IntPtr> lastError, IntPtr handle, string operation)
    {
        if (result == OlmNative.olm_error())
        {
            var reason = Marshal.PtrToStringUTF8(lastError(handle)) ?? "UNKNOWN_ERROR";
            throw new OlmException($"{operation} failed: {reason}");
        }

        return result;
    }

    private static unsafe string? Load()
    {
        if (!NativeLibrary.TryLoad(OlmNative.Library, typeof(OlmLibrary).Assembly, null, out _))
        {
            return MissingLibraryHint;
        }

        byte major, minor, patch;
        OlmNative.olm_get_library_version(&major, &minor, &patch);
        return major == 3 ? null : $"libolm {major}.{minor}.{patch} is not supported (version 3 is needed).";
    }
}
