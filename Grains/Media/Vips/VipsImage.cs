using System.Runtime.InteropServices;

namespace ClawChat.Grains.Media.Vips;

/// <summary>A reference to a libvips image. Images are lazy: loading reads only the header, and pixels are
/// decoded when something (a thumbnail, a save) pulls them.</summary>
internal sealed unsafe class VipsImage : IDisposable
{
    private IntPtr _handle;

    internal VipsImage(IntPtr handle)
    {
        _handle = handle;
    }

    public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(VipsImage));

    public int Width => VipsNative.vips_image_get_width(Handle);

    /// <summary>Height of the whole image: for a multi-page (animated) load, all pages stacked.</summary>
    public int Height => VipsNative.vips_image_get_height(Handle);

    /// <summary>Pages (frames) in the source file, 1 for still images, whatever was loaded.</summary>
    public int Pages => VipsNative.vips_image_get_n_pages(Handle);

    /// <summary>Height of one page (frame).</summary>
    public int PageHeight => VipsNative.vips_image_get_page_height(Handle);

    /// <summary>The loader class libvips would pick for a file (e.g. <c>VipsForeignLoadPngFile</c>), or null.</summary>
    public static string? FindLoader(string path)
    {
        VipsLibrary.EnsureAvailable();
        var name = VipsNative.vips_foreign_find_load(path);
        if (name == IntPtr.Zero)
        {
            VipsNative.vips_error_clear();
            return null;
        }

        return Marshal.PtrToStringUTF8(name);
    }

    /// <summary>The loader class libvips would pick for an encoded image in memory, or null.</summary>
    public static string? FindLoader(ReadOnlySpan<byte> data)
    {
        VipsLibrary.EnsureAvailable();
        IntPtr name;
        fixed (byte* bytes = data)
        {
            name = VipsNative.vips_foreign_find_load_buffer(bytes, (nuint)data.Length);
        }

        if (name == IntPtr.Zero)
        {
            VipsNative.vips_error_clear();
            return null;
        }

        return Marshal.PtrToStringUTF8(name);
    }

    /// <summary>Opens a file with one named loader (e.g. <c>pngload</c>); reads the header only.</summary>
    public static VipsImage Load(string loader, string path, string options = "")
    {
        using var operation = new VipsOperation(loader).Set("filename", path).SetOptions(options).Build();
        return operation.GetImage("out");
    }

    /// <summary>Decodes an image in memory with one named buffer loader (e.g. <c>pngload_buffer</c>).</summary>
    public static VipsImage Load(string loader, ReadOnlySpan<byte> data, string options = "")
    {
        using var operation = new VipsOperation(loader).Set("buffer", data).SetOptions(options).Build();
        return operation.GetImage("out");
    }

    /// <summary><c>vips_thumbnail</c> on a file: shrink-on-load, resize to fit (or crop to) the box, colour
    /// managed to sRGB, EXIF orientation applied. <paramref name="options"/> carries height/size/crop;
    /// <paramref name="loaderOptions"/> goes to the loader (e.g. <c>n=-1</c> for every frame). It travels in
    /// the file name's <c>[…]</c> suffix: libvips 8.14 ignores the operation's <c>option_string</c> for the
    /// frame count, and a path that already contains brackets gets no loader options at all.</summary>
    public static VipsImage Thumbnail(string path, int width, string options, string? loaderOptions = null)
    {
        var filename = loaderOptions is not null && path.IndexOfAny(['[', ']']) < 0 ? path + "[" + loaderOptions + "]" : path;
        using var operation = new VipsOperation("thumbnail").Set("filename", filename);
        operation.SetOptions(FormattableString.Invariant($"width={width}") + (options.Length > 0 ? "," + options : string.Empty)).Build();
        return operation.GetImage("out");
    }

    /// <summary>A black image (tests and probes build their inputs from it).</summary>
    public static VipsImage Black(int width, int height, int bands = 3)
    {
        using var operation = new VipsOperation("black")
            .SetOptions(FormattableString.Invariant($"width={width},height={height},bands={bands}"))
            .Build();
        return operation.GetImage("out");
    }

    /// <summary>A two-band image whose pixels hold their own x and y coordinates (a handy non-uniform test input).</summary>
    public static VipsImage Xyz(int width, int height)
    {
        using var operation = new VipsOperation("xyz")
            .SetOptions(FormattableString.Invariant($"width={width},height={height}"))
            .Build();
        return operation.GetImage("out");
    }

    /// <summary>Runs a one-input, one-output operation on this image (e.g. <c>cast</c>, <c>linear</c>).</summary>
    public VipsImage Apply(string operationName, string options)
    {
        using var operation = new VipsOperation(operationName).Set("in", this).SetOptions(options).Build();
        return operation.GetImage("out");
    }

    /// <summary>A copy of this image whose frames are stacked bands of <paramref name="pageHeight"/> rows, which
    /// savers of animated formats write as separate frames. (Metadata may only change on a private copy.)</summary>
    public VipsImage WithPageHeight(int pageHeight)
    {
        using var operation = new VipsOperation("copy").Set("in", this).Build();
        var copy = operation.GetImage("out");
        VipsNative.vips_image_set_int(copy.Handle, "page-height", pageHeight);
        return copy;
    }

    /// <summary>Encodes with a buffer saver (e.g. <c>pngsave_buffer</c>); pixels are computed now.</summary>
    public byte[] Save(string saver, string options = "")
    {
        using var operation = new VipsOperation(saver).Set("in", this).SetOptions(options).Build();
        return operation.GetBlob("buffer");
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            GObjectNative.g_object_unref(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
