using ClawChat.Runtime.Generators.Model;

namespace ClawChat.Runtime.Generators.Emit;

/// <summary>One file per grain interface (its requests and its proxy), so editing one interface
/// regenerates one file.</summary>
internal static class InterfaceEmitter
{
    public static string HintName(InterfaceModel iface) => iface.MangledName + ".g.cs";

    public static string Emit(InterfaceModel iface)
    {
        var sb = SourceHeader.Start();
        foreach (var method in iface.Methods)
        {
            RequestEmitter.Emit(sb, iface, method);
        }

        ProxyEmitter.Emit(sb, iface);
        return SourceHeader.End(sb);
    }
}
