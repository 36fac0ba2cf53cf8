using System.Linq;
using System.Text;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace ClawChat.Runtime.Generators.Emit;

/// <summary>Emits the sealed GrainRequest&lt;T&gt; subclass of one interface method.</summary>
internal static class RequestEmitter
{
    private const string Inv = "global::ClawChat.Runtime.Invocation";

    public static void Emit(StringBuilder sb, InterfaceModel iface, MethodModel method)
    {
        var access = iface.IsPublic ? "public" : "internal";
        sb.Append("    [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]\n");
        sb.Append("    ").Append(access).Append(" sealed class ").Append(method.RequestClassName)
            .Append(" : ").Append(Inv).Append(".GrainRequest<").Append(method.ResultType).Append(">\n");
        sb.Append("    {\n");

        sb.Append("        public static readonly ").Append(Inv).Append(".GrainMethodInfo MethodInfo = new(")
            .Append(Literal(iface.WireName)).Append(", ")
            .Append(Literal(method.Name)).Append(", ")
            .Append(iface.InterfaceId).Append("u, ")
            .Append("(ushort)0x").Append(method.MethodId.ToString("x4")).Append(", ")
            .Append(method.Flags).Append(", ")
            .Append(method.ResponseTimeoutMs).Append(");\n\n");

        sb.Append("        public ").Append(method.RequestClassName).Append("()\n        {\n        }\n\n");

        foreach (var p in method.Parameters.Where(p => !p.IsCancellationToken))
        {
            // Initialised with default! because the runtime (or the deserializer) always sets every argument
            // before the request is invoked; the parameterless constructor exists for deserialization.
            sb.Append("        public ").Append(p.Type).Append(' ').Append(p.PropertyName).Append(" { get; set; } = default!;\n\n");
        }

        sb.Append("        public override ").Append(Inv).Append(".GrainMethodInfo Method => MethodInfo;\n\n");

        sb.Append("        public override global::System.Threading.Tasks.ValueTask<").Append(method.ResultType)
            .Append("> InvokeAsync(object target)\n        {\n");
        var call = "((" + method.DeclaringInterface + ")target)." + method.Name + "(" + string.Join(", ", method.Parameters.Select(Argument)) + ")";
        sb.Append("            return ").Append(Adapt(method, call)).Append(";\n");
        sb.Append("        }\n");
        sb.Append("    }\n\n");
    }

    private static string Argument(ParameterModel p) => p.IsCancellationToken ? "this.CancellationToken" : "this." + p.PropertyName;

    private static string Adapt(MethodModel method, string call) => method.ReturnKind switch
    {
        ReturnKind.Task => Inv + ".InvokeHelpers.FromTask(" + call + ")",
        ReturnKind.TaskOfT => Inv + ".InvokeHelpers.FromTask<" + method.ResultType + ">(" + call + ")",
        ReturnKind.ValueTask => Inv + ".InvokeHelpers.FromValueTask(" + call + ")",
        _ => call,
    };

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
