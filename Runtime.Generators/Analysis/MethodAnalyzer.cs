using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>Validates one grain method and computes its wire metadata.</summary>
internal static class MethodAnalyzer
{
    private const string VoidResult = "global::ClawChat.Runtime.Invocation.VoidResult";

    /// <returns>The model, or null when the method has an error (already reported through <paramref name="reporter"/>).</returns>
    public static MethodModel? Analyze(IMethodSymbol method, string mangledInterface, MemberReporter reporter)
    {
        var display = method.ContainingType.Name + "." + method.Name;
        var ok = true;

        if (method.IsGenericMethod)
        {
            reporter.Report(method, GeneratorDiagnostics.GenericMethod, display);
            ok = false;
        }

        var tokens = 0;
        foreach (var p in method.Parameters)
        {
            if (p.RefKind != RefKind.None)
            {
                reporter.Report(method, GeneratorDiagnostics.ByRefParameter, display, p.Name);
                ok = false;
            }

            if (KnownTypes.IsCancellationToken(p.Type))
            {
                tokens++;
            }
        }

        if (tokens > 1)
        {
            reporter.Report(method, GeneratorDiagnostics.MultipleCancellationTokens, display);
            ok = false;
        }

        var kind = ClassifyReturn(method.ReturnType);
        if (kind is null)
        {
            reporter.Report(method, GeneratorDiagnostics.InvalidReturnType, display, method.ReturnType.ToDisplayString());
            ok = false;
        }

        var isOneWay = KnownTypes.HasRuntimeAttribute(method, "OneWayAttribute");
        if (isOneWay && kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            reporter.Report(method, GeneratorDiagnostics.OneWayWithResult, display, method.ReturnType.ToDisplayString());
            ok = false;
        }

        var timeoutMs = 0;
        var timeoutText = KnownTypes.FirstStringArgument(KnownTypes.FindRuntimeAttribute(method, "ResponseTimeoutAttribute"));
        if (timeoutText is not null && !TryParseTimeout(timeoutText, out timeoutMs))
        {
            reporter.Report(method, GeneratorDiagnostics.InvalidResponseTimeout, display, timeoutText);
            ok = false;
        }

        if (!ok || kind is null)
        {
            return null;
        }

        var methodId = (ushort)(Fnv.Hash32(MethodIdText(method)) & 0xFFFF);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var parameters = method.Parameters
            .Select(p => new ParameterModel(
                Naming.Identifier(p.Name),
                p.Type.ToDisplayString(SymbolFormats.Code),
                KnownTypes.IsCancellationToken(p.Type) ? string.Empty : Naming.PropertyName(p.Name, taken),
                KnownTypes.IsCancellationToken(p.Type)))
            .ToArray();

        return new MethodModel(
            method.Name,
            method.ContainingType.ToDisplayString(SymbolFormats.Code),
            Naming.RequestClass(mangledInterface, method.Name, methodId),
            kind.Value,
            method.ReturnType.ToDisplayString(SymbolFormats.Code),
            kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT
                ? ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToDisplayString(SymbolFormats.Code)
                : VoidResult,
            methodId,
            Flags(method, isOneWay, tokens > 0),
            timeoutMs,
            isOneWay,
            new EquatableArray<ParameterModel>(parameters));
    }

    /// <summary>"Name(System.Int32,System.String)" without the CancellationToken, or the method's [Alias].</summary>
    public static string MethodIdText(IMethodSymbol method)
    {
        var alias = KnownTypes.FirstStringArgument(KnownTypes.FindRuntimeAttribute(method, "AliasAttribute"));
        if (alias is not null)
        {
            return alias;
        }

        var types = method.Parameters
            .Where(p => !KnownTypes.IsCancellationToken(p.Type))
            .Select(p => p.Type.ToDisplayString(SymbolFormats.MethodId));
        return method.Name + "(" + string.Join(",", types) + ")";
    }

    private static ReturnKind? ClassifyReturn(ITypeSymbol type)
    {
        const string ns = "System.Threading.Tasks";
        if (KnownTypes.Is(type, ns, "Task"))
        {
            return ReturnKind.Task;
        }

        if (KnownTypes.Is(type, ns, "Task`1"))
        {
            return ReturnKind.TaskOfT;
        }

        if (KnownTypes.Is(type, ns, "ValueTask"))
        {
            return ReturnKind.ValueTask;
        }

        if (KnownTypes.Is(type, ns, "ValueTask`1"))
        {
            return ReturnKind.ValueTaskOfT;
        }

        return null;
    }

    private static string Flags(IMethodSymbol method, bool isOneWay, bool hasCancellation)
    {
        var flags = new List<string>();
        if (KnownTypes.HasRuntimeAttribute(method, "ReadOnlyAttribute"))
        {
            flags.Add("ReadOnly");
        }

        if (KnownTypes.HasRuntimeAttribute(method, "AlwaysInterleaveAttribute"))
        {
            flags.Add("AlwaysInterleave");
        }

        if (isOneWay)
        {
            flags.Add("OneWay");
        }

        if (hasCancellation)
        {
            flags.Add("HasCancellation");
        }

        if (flags.Count == 0)
        {
            flags.Add("None");
        }

        return string.Join(" | ", flags.Select(f => "global::ClawChat.Runtime.Invocation.MethodFlags." + f));
    }

    // Same parsing as ResponseTimeoutAttribute (TimeSpan.Parse, invariant culture), so a value that compiles
    // here cannot throw when the attribute is read at run time.
    private static bool TryParseTimeout(string text, out int milliseconds)
    {
        milliseconds = 0;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout)
            || timeout <= TimeSpan.Zero
            || timeout.TotalMilliseconds > int.MaxValue)
        {
            return false;
        }

        milliseconds = (int)timeout.TotalMilliseconds;
        return milliseconds > 0;
    }
}
