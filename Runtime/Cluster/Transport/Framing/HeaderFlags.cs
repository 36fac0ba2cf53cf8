namespace ClawChat.Runtime.Cluster.Transport.Framing;

/// <summary>The header's <c>u16 flags</c>: the low byte carries <see cref="Invocation.MethodFlags"/> as is, the
/// high byte says which optional fields follow, so absent fields cost nothing on the wire.</summary>
[Flags]
internal enum HeaderFlags : ushort
{
    None = 0,

    /// <summary>Mask of the bits that are <see cref="Invocation.MethodFlags"/>.</summary>
    MethodFlagsMask = 0x00FF,

    HasTarget = 0x0100,
    HasCallPath = 0x0200,
    HasContext = 0x0400,
    HasLocationHint = 0x0800,

    /// <summary>Bits this version understands; others are a protocol error (a newer peer would have said so in the preamble).</summary>
    Known = MethodFlagsMask | HasTarget | HasCallPath | HasContext | HasLocationHint,
}
