using System.Runtime.InteropServices;

namespace ClawChat.Grains.Media.Vips;

/// <summary>The non-variadic part of the libvips C API (Debian package <c>libvips42</c>). Operations are
/// run the way language bindings do it: <c>vips_operation_new</c>, arguments set as GObject properties
/// (or from an option string), <c>vips_cache_operation_build</c>, outputs read back as properties.</summary>
internal static unsafe partial class VipsNative
{
    public const string Library = "libvips.so.42";

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_init(string argv0);

    [LibraryImport(Library)]
    public static partial IntPtr vips_version_string();

    [LibraryImport(Library)]
    public static partial IntPtr vips_error_buffer();

    [LibraryImport(Library)]
    public static partial void vips_error_clear();

    [LibraryImport(Library)]
    public static partial void vips_cache_set_max(int max);

    /// <summary>Refuses loaders libvips marks untrusted (8.13+).</summary>
    [LibraryImport(Library)]
    public static partial void vips_block_untrusted_set(int state);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr vips_operation_new(string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_object_set_from_string(IntPtr instance, string options);

    /// <summary>Builds the operation; returns a new reference to it (or to an equal cached one), or zero on error.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr vips_cache_operation_build(IntPtr operation);

    /// <summary>Drops the reference every output object carries for the caller of an operation.</summary>
    [LibraryImport(Library)]
    public static partial void vips_object_unref_outputs(IntPtr operation);

    /// <summary>The loader class name for a file, e.g. <c>VipsForeignLoadPngFile</c>, or zero. Static string.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr vips_foreign_find_load(string filename);

    /// <summary>The loader class name for an encoded image in memory, or zero. Static string.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr vips_foreign_find_load_buffer(byte* data, nuint size);

    [LibraryImport(Library)]
    public static partial int vips_image_get_width(IntPtr image);

    [LibraryImport(Library)]
    public static partial int vips_image_get_height(IntPtr image);

    [LibraryImport(Library)]
    public static partial int vips_image_get_n_pages(IntPtr image);

    [LibraryImport(Library)]
    public static partial int vips_image_get_page_height(IntPtr image);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void vips_image_set_int(IntPtr image, string name, int value);

    [LibraryImport(Library)]
    public static partial nuint vips_image_get_type();

    [LibraryImport(Library)]
    public static partial nuint vips_blob_get_type();

    [LibraryImport(Library)]
    public static partial IntPtr vips_blob_copy(byte* data, nuint length);

    [LibraryImport(Library)]
    public static partial IntPtr vips_blob_get(IntPtr blob, out nuint length);

    [LibraryImport(Library)]
    public static partial void vips_area_unref(IntPtr area);
}
