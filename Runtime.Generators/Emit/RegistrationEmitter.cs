using System.Collections.Immutable;
using System.Linq;
using System.Text;
using ClawChat.Runtime.Generators.Analysis;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace ClawChat.Runtime.Generators.Emit;

/// <summary>Emits the assembly's module initializer, which registers every interface and grain class with
/// GrainRegistry when the assembly loads: no reflection scanning at silo start-up.</summary>
internal static class RegistrationEmitter
{
    private const string Inv = "global::ClawChat.Runtime.Invocation";

    public static string Emit(string? assemblyName, ImmutableArray<InterfaceModel> interfaces, ImmutableArray<GrainClassModel> classes)
    {
        var sb = SourceHeader.Start();
        sb.Append("    internal static class ").Append(Naming.RegistrationClass(assemblyName)).Append('\n');
        sb.Append("    {\n");
        sb.Append("        [global::System.Runtime.CompilerServices.ModuleInitializer]\n");
        sb.Append("        internal static void Register()\n        {\n");

        // Sorted so the output does not depend on the order syntax trees were seen.
        foreach (var iface in interfaces.Where(i => i.CanEmit).OrderBy(i => i.TypeName, System.StringComparer.Ordinal))
        {
            EmitInterface(sb, iface);
        }

        foreach (var grain in classes.Where(c => c.CanEmit).OrderBy(c => c.TypeName, System.StringComparer.Ordinal))
        {
            EmitClass(sb, grain);
        }

        sb.Append("        }\n");
        sb.Append("    }\n");
        return SourceHeader.End(sb);
    }

    private static void EmitInterface(StringBuilder sb, InterfaceModel iface)
    {
        var proxy = "global::" + Naming.GeneratedNamespace + "." + Naming.ProxyClass(iface.MangledName);
        sb.Append("            ").Append(Inv).Append(".GrainRegistry.RegisterInterface(new ").Append(Inv).Append(".GrainInterfaceDescriptor(\n");
        sb.Append("                typeof(").Append(iface.TypeName).Append("),\n");
        sb.Append("                ").Append(SymbolDisplay.FormatLiteral(iface.WireName, quote: true)).Append(",\n");
        sb.Append("                ").Append(iface.InterfaceId).Append("u,\n");
        sb.Append("                static (invoker, grainId) => new ").Append(proxy).Append("(invoker, grainId),\n");
        sb.Append("                new ").Append(Inv).Append(".GrainMethodDescriptor[]\n                {\n");
        foreach (var method in iface.Methods)
        {
            var request = "global::" + Naming.GeneratedNamespace + "." + method.RequestClassName;
            sb.Append("                    new(").Append(request).Append(".MethodInfo, typeof(").Append(request).Append(")),\n");
        }

        sb.Append("                }));\n");
    }

    private static void EmitClass(StringBuilder sb, GrainClassModel grain)
    {
        var arguments = string.Join(", ", grain.Arguments.Select(a => a.StateName is null
            ? "context.GetService<" + a.Type + ">()"
            : "context.GetPersistentState<" + a.Type + ">(" + SymbolDisplay.FormatLiteral(a.StateName, quote: true) + ", "
                + (a.StorageName is null ? "null" : SymbolDisplay.FormatLiteral(a.StorageName, quote: true)) + ")"));
        sb.Append("            ").Append(Inv).Append(".GrainRegistry.RegisterClass(new ").Append(Inv).Append(".GrainClassDescriptor(\n");
        sb.Append("                typeof(").Append(grain.TypeName).Append("),\n");
        sb.Append("                static context => new ").Append(grain.TypeName).Append('(').Append(arguments).Append(")));\n");
    }
}
