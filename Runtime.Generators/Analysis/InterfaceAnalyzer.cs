using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>Turns a grain interface symbol into an equatable <see cref="InterfaceModel"/>.</summary>
internal static class InterfaceAnalyzer
{
    public static InterfaceModel Analyze(INamedTypeSymbol iface, Compilation compilation, CancellationToken cancellationToken)
    {
        var fullName = Naming.FullMetadataName(iface);
        var wireName = KnownTypes.FirstStringArgument(KnownTypes.FindRuntimeAttribute(iface, "AliasAttribute")) ?? fullName;
        var mangled = Naming.Mangle(fullName);
        var diagnostics = new List<DiagnosticInfo>();
        var location = iface.Locations.FirstOrDefault();
        var display = iface.ToDisplayString();

        if (IsGenericOrInGeneric(iface))
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.GenericInterface, location, display));
        }
        else if (!compilation.IsSymbolAccessibleWithin(iface, compilation.Assembly))
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InaccessibleInterface, location, display));
        }

        // Methods with problems block generation even when the problem is reported elsewhere (on a base
        // grain interface of this compilation, which gets its own analysis), so count them separately.
        var blocked = diagnostics.Count > 0;
        var methods = new List<MethodModel>();
        var byId = new Dictionary<ushort, IMethodSymbol>();
        foreach (var declaring in new[] { iface }.Concat(iface.AllInterfaces))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (KnownTypes.IsMarkerInterface(declaring))
            {
                continue;
            }

            var reporter = new MemberReporter(iface, declaring, compilation, diagnostics);
            foreach (var member in declaring.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol or IEventSymbol:
                        reporter.Report(member, GeneratorDiagnostics.PropertyOrEvent, declaring.ToDisplayString(), member is IPropertySymbol ? "property" : "event", member.Name);
                        blocked = true;
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                        var model = MethodAnalyzer.Analyze(method, mangled, reporter);
                        if (model is null)
                        {
                            blocked = true;
                        }
                        else if (byId.TryGetValue(model.MethodId, out var other))
                        {
                            reporter.Report(method, GeneratorDiagnostics.MethodIdCollision, ownedByAnalysed: true, other.ToDisplayString(), method.ToDisplayString(), display, model.MethodId.ToString("x4"));
                            blocked = true;
                        }
                        else
                        {
                            byId.Add(model.MethodId, method);
                            methods.Add(model);
                        }

                        break;
                }
            }
        }

        return new InterfaceModel(
            wireName,
            Fnv.Hash32(wireName),
            iface.ToDisplayString(SymbolFormats.Code),
            mangled,
            IsEffectivelyPublic(iface),
            !blocked,
            new EquatableArray<MethodModel>(methods.ToArray()),
            new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEffectivelyPublic(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }
}
