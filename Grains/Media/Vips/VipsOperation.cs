namespace ClawChat.Grains.Media.Vips;

/// <summary>One libvips operation call: create by name, set inputs, build, read outputs, dispose.
/// Reference rule: after a successful build every output object carries one extra reference meant for the
/// caller; <see cref="GetImage"/> takes its own reference and <see cref="Dispose"/> drops the extra ones
/// (<c>vips_object_unref_outputs</c>) together with the operation, so nothing leaks whichever outputs
/// were read. Not thread-safe; use one instance per call.</summary>
internal sealed unsafe class VipsOperation : IDisposable
{
    private readonly string _name;
    private IntPtr _handle;
    private bool _built;

    public VipsOperation(string name)
    {
        VipsLibrary.EnsureAvailable();
        _name = name;
        _handle = VipsNative.vips_operation_new(name);
        if (_handle == IntPtr.Zero)
        {
            throw new VipsException($"libvips has no operation '{name}': {VipsLibrary.TakeError()}");
        }
    }

    public VipsOperation Set(string property, string value)
    {
        var gvalue = default(GValue);
        GObjectNative.g_value_init(ref gvalue, GValue.StringType);
        GObjectNative.g_value_set_string(ref gvalue, value);
        GObjectNative.g_object_set_property(_handle, property, ref gvalue);
        GObjectNative.g_value_unset(ref gvalue);
        return this;
    }

    public VipsOperation Set(string property, VipsImage image)
    {
        var gvalue = default(GValue);
        GObjectNative.g_value_init(ref gvalue, VipsNative.vips_image_get_type());
        GObjectNative.g_value_set_object(ref gvalue, image.Handle);
        GObjectNative.g_object_set_property(_handle, property, ref gvalue);
        GObjectNative.g_value_unset(ref gvalue);
        return this;
    }

    /// <summary>Sets a blob input to a copy of <paramref name="data"/> (the operation keeps its own reference).</summary>
    public VipsOperation Set(string property, ReadOnlySpan<byte> data)
    {
        IntPtr blob;
        fixed (byte* bytes = data)
        {
            blob = VipsNative.vips_blob_copy(bytes, (nuint)data.Length);
        }

        var gvalue = default(GValue);
        GObjectNative.g_value_init(ref gvalue, VipsNative.vips_blob_get_type());
        GObjectNative.g_value_set_boxed(ref gvalue, blob);
        GObjectNative.g_object_set_property(_handle, property, ref gvalue);
        GObjectNative.g_value_unset(ref gvalue);
        VipsNative.vips_area_unref(blob);
        return this;
    }

    /// <summary>Sets optional arguments from libvips' option syntax, e.g. <c>height=64,crop=centre</c>. Only
    /// for values built by this program (numbers and enum nicknames), never for user text.</summary>
    public VipsOperation SetOptions(string options)
    {
        if (options.Length > 0 && VipsNative.vips_object_set_from_string(_handle, options) != 0)
        {
            throw new VipsException($"{_name}: bad options '{options}': {VipsLibrary.TakeError()}");
        }

        return this;
    }

    public VipsOperation Build()
    {
        var built = VipsNative.vips_cache_operation_build(_handle);
        if (built == IntPtr.Zero)
        {
            var error = VipsLibrary.TakeError();
            VipsNative.vips_object_unref_outputs(_handle);
            throw new VipsException($"{_name} failed: {error}");
        }

        GObjectNative.g_object_unref(_handle);
        _handle = built;
        _built = true;
        return this;
    }

    /// <summary>An image output, with its own reference.</summary>
    public VipsImage GetImage(string property)
    {
        var gvalue = default(GValue);
        GObjectNative.g_value_init(ref gvalue, VipsNative.vips_image_get_type());
        GObjectNative.g_object_get_property(_handle, property, ref gvalue);
        var image = GObjectNative.g_value_dup_object(ref gvalue);
        GObjectNative.g_value_unset(ref gvalue);
        return image == IntPtr.Zero ? throw new VipsException($"{_name} produced no '{property}'") : new VipsImage(image);
    }

    /// <summary>A blob output, copied into managed memory.</summary>
    public byte[] GetBlob(string property)
    {
        var gvalue = default(GValue);
        GObjectNative.g_value_init(ref gvalue, VipsNative.vips_blob_get_type());
        try
        {
            GObjectNative.g_object_get_property(_handle, property, ref gvalue);
            var blob = GObjectNative.g_value_get_boxed(ref gvalue);
            if (blob == IntPtr.Zero)
            {
                throw new VipsException($"{_name} produced no '{property}'");
            }

            var data = VipsNative.vips_blob_get(blob, out var length);
            return new ReadOnlySpan<byte>((void*)data, checked((int)length)).ToArray();
        }
        finally
        {
            GObjectNative.g_value_unset(ref gvalue);
        }
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero)
        {
            return;
        }

        if (_built)
        {
            VipsNative.vips_object_unref_outputs(_handle);
        }

        GObjectNative.g_object_unref(_handle);
        _handle = IntPtr.Zero;
    }
}
