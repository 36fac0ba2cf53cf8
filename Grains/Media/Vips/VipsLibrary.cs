using System.Runtime.InteropServices;

namespace ClawChat.Grains.Media.Vips;

/// <summary>Loads and initialises libvips once per process (<c>vips_init</c> must run exactly once, before
/// any other call). A missing <c>libvips.so.42</c> is not fatal: the silo runs, and thumbnail requests get
/// a clear error naming the Debian package.</summary>
internal static class VipsLibrary
{
    public const string MissingLibraryHint =
        "libvips (libvips.so.42) is not installed on this server; install the Debian package libvips42 to enable thumbnails.";

    /// <summary>A prefix with no <c>vips-modules-*</c> under it (see <see cref="Initialize"/>).</summary>
    internal const string NoModulesHome = "/nonexistent/clawchat-libvips-without-modules";

    private static readonly Lazy<State> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once libvips is loaded and initialised.</summary>
    public static bool IsAvailable => Initialized.Value.Error is null;

    /// <summary>Why libvips is unavailable, or null.</summary>
    public static string? UnavailableReason => Initialized.Value.Error;

    /// <summary>The libvips version string (e.g. <c>8.14.1</c>), or null when unavailable.</summary>
    public static string? Version => Initialized.Value.Version;

    /// <summary>Whether the libvips shared library is installed, without loading it (the library directories
    /// the dynamic loader searches on Debian).</summary>
    public static bool IsInstalled() =>
        new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/local/lib", "/lib/x86_64-linux-gnu" }
            .Any(dir => File.Exists(Path.Combine(dir, "libvips.so.42")));

    /// <summary>Throws <see cref="VipsUnavailableException"/> unless libvips is usable.</summary>
    public static void EnsureAvailable()
    {
        if (Initialized.Value.Error is { } error)
        {
            throw new VipsUnavailableException(error);
        }
    }

    /// <summary>Reads and clears libvips' (process-wide) error buffer.</summary>
    public static string TakeError()
    {
        var text = Marshal.PtrToStringUTF8(VipsNative.vips_error_buffer())?.Trim();
        VipsNative.vips_error_clear();
        return string.IsNullOrEmpty(text) ? "libvips reported no detail" : text;
    }

    private static State Initialize()
    {
        if (!NativeLibrary.TryLoad(VipsNative.Library, typeof(VipsLibrary).Assembly, null, out _))
        {
            return new State(null, MissingLibraryHint);
        }

        try
        {
            // vips_init loads optional format modules (magick, poppler, openslide, heif, jxl) with RTLD_GLOBAL.
            // openslide drags in the system libsqlite3, whose global symbols then bind the lazily resolved
            // internal calls of the SQLite bundled with Microsoft.Data.Sqlite: the two copies mix and the
            // process crashes in the middle of a query. The modules are also decoders we never want to run on
            // uploads. libvips finds them under $VIPSHOME, so point that at a directory that does not exist.
            GObjectNative.g_setenv("VIPSHOME", NoModulesHome, overwrite: 1);
            if (VipsNative.vips_init("clawchat") != 0)
            {
                return new State(null, "libvips failed to initialise: " + TakeError());
            }

            // The operation cache would keep recently decoded images in memory; thumbnails are cached on disk
            // instead, and a small box cannot spare the cache's default 100 MB.
            VipsNative.vips_cache_set_max(0);
            try
            {
                // Uploads are untrusted input: refuse loaders libvips itself flags as unsafe for that.
                VipsNative.vips_block_untrusted_set(1);
            }
            catch (EntryPointNotFoundException)
            {
                // libvips < 8.13 has no such switch; the thumbnailer's own format allowlist still applies.
            }

            return new State(Marshal.PtrToStringUTF8(VipsNative.vips_version_string()), null);
        }
        catch (DllNotFoundException ex)
        {
            return new State(null, MissingLibraryHint + " (" + ex.Message + ")");
        }
        catch (EntryPointNotFoundException ex)
        {
            return new State(null, "libvips is too old for this server (8.8 or later is needed): " + ex.Message);
        }
    }

    private sealed record State(string? Version, string? Error);
}
