using System.Runtime.InteropServices;

namespace ClawChat.Grains.Media.Vips;

/// <summary>The GObject/GLib functions the libvips binding needs. Both libraries are dependencies of
/// <c>libvips.so.42</c>, so they are present whenever it is; they are only called after libvips loaded.</summary>
internal static partial class GObjectNative
{
    private const string GObject = "libgobject-2.0.so.0";

    private const string GLib = "libglib-2.0.so.0";

    /// <summary>Sets a variable in the native environment (which .NET's own Environment API does not touch on Unix).</summary>
    [LibraryImport(GLib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int g_setenv(string variable, string value, int overwrite);

    [LibraryImport(GObject)]
    public static partial IntPtr g_value_init(ref GValue value, nuint gtype);

    [LibraryImport(GObject)]
    public static partial void g_value_unset(ref GValue value);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_value_set_string(ref GValue value, string text);

    [LibraryImport(GObject)]
    public static partial void g_value_set_object(ref GValue value, IntPtr instance);

    /// <summary>The object with a new reference the caller owns.</summary>
    [LibraryImport(GObject)]
    public static partial IntPtr g_value_dup_object(ref GValue value);

    [LibraryImport(GObject)]
    public static partial void g_value_set_boxed(ref GValue value, IntPtr boxed);

    [LibraryImport(GObject)]
    public static partial IntPtr g_value_get_boxed(ref GValue value);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_object_set_property(IntPtr instance, string propertyName, ref GValue value);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_object_get_property(IntPtr instance, string propertyName, ref GValue value);

    [LibraryImport(GObject)]
    public static partial void g_object_unref(IntPtr instance);
}
