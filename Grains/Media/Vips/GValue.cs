using System.Runtime.InteropServices;

namespace ClawChat.Grains.Media.Vips;

/// <summary>GLib's <c>GValue</c>: a GType followed by a two-slot union (24 bytes on 64-bit). It must be
/// zeroed before <c>g_value_init</c> and unset afterwards, which releases whatever it references.
/// Operation arguments go through GValues because every convenience entry point of libvips is
/// variadic, and .NET cannot call C variadic functions portably.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    /// <summary><c>G_TYPE_STRING</c>: fundamental type 16, shifted by <c>G_TYPE_FUNDAMENTAL_SHIFT</c> (2).</summary>
    public const nuint StringType = 16 << 2;

    public nuint GType;
    public ulong Data0;
    public ulong Data1;
}
