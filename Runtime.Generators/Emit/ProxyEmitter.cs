using System.Linq;
using System.Text;
using ClawChat.Runtime.Generators.Model;

namespace ClawChat.Runtime.Generators.Emit;

/// <summary>Emits the GrainReference subclass implementing a grain interface. Every method is an explicit
/// implementation on its declaring interface: inherited methods and same-named methods of different
/// base interfaces cannot clash, and parameter defaults stay the interface's business.</summary>
internal static class ProxyEmitter
{
    private const string Inv = "global::ClawChat.Runtime.Invocation";

    // Deliberately unlike any parameter name a person would write.
    private const string RequestLocal = "request__";

    public static void Emit(StringBuilder sb, InterfaceModel iface)
    {
        var name = Analysis.Naming.ProxyClass(iface.MangledName);
        sb.Append("    internal sealed class ").Append(name).Append(" : ").Append(Inv).Append(".GrainReference, ").Append(iface.TypeName).Append('\n');
        sb.Append("    {\n");
        sb.Append("        public ").Append(name).Append("(").Append(Inv).Append(".IGrainCallInvoker invoker, global::ClawChat.Runtime.GrainId grainId)\n");
        sb.Append("            : base(invoker, grainId)\n        {\n        }\n");

        foreach (var method in iface.Methods)
        {
            sb.Append('\n');
            EmitMethod(sb, method);
        }

        sb.Append("    }\n");
    }

    private static void EmitMethod(StringBuilder sb, MethodModel method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(p => p.Type + " " + p.Identifier));
        sb.Append("        ").Append(method.ReturnType).Append(' ').Append(method.DeclaringInterface).Append('.').Append(method.Name)
            .Append('(').Append(parameters).Append(")\n        {\n");

        sb.Append("            var ").Append(RequestLocal).Append(" = new global::").Append(Analysis.Naming.GeneratedNamespace).Append('.').Append(method.RequestClassName).Append("();\n");
        foreach (var p in method.Parameters)
        {
            var property = p.IsCancellationToken ? "CallerCancellation" : p.PropertyName;
            sb.Append("            ").Append(RequestLocal).Append('.').Append(property).Append(" = ").Append(p.Identifier).Append(";\n");
        }

        if (method.IsOneWay)
        {
            sb.Append("            base.InvokeOneWay(").Append(RequestLocal).Append(");\n");
            sb.Append("            return ").Append(method.ReturnKind == ReturnKind.Task ? "global::System.Threading.Tasks.Task.CompletedTask" : "default").Append(";\n");
        }
        else
        {
            var invoke = "base.InvokeAsync(" + RequestLocal + ")";
            var adapted = method.ReturnKind switch
            {
                ReturnKind.Task => Inv + ".InvokeHelpers.ToTask(" + invoke + ")",
                ReturnKind.TaskOfT => Inv + ".InvokeHelpers.ToTask<" + method.ResultType + ">(" + invoke + ")",
                ReturnKind.ValueTask => Inv + ".InvokeHelpers.ToValueTask(" + invoke + ")",
                _ => invoke,
            };
            sb.Append("            return ").Append(adapted).Append(";\n");
        }

        sb.Append("        }\n");
    }
}
