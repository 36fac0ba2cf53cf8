using System.Collections.Generic;
using System.Linq;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>Turns a concrete grain class into the constructor call its generated factory makes.</summary>
internal static class GrainClassAnalyzer
{
    public static GrainClassModel Analyze(INamedTypeSymbol type, Compilation compilation)
    {
        var display = type.ToDisplayString();
        var location = type.Locations.FirstOrDefault();
        var diagnostics = new List<DiagnosticInfo>();

        if (type.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InvalidGrainClass, location, display, "generic grain classes are not supported"));
        }
        else if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InvalidGrainClass, location, display, "it (or a containing type) is private or protected"));
        }

        var constructor = diagnostics.Count == 0 ? PickConstructor(type, compilation, location, diagnostics) : null;
        var arguments = new List<ConstructorArgumentModel>();
        if (constructor is not null)
        {
            foreach (var p in constructor.Parameters)
            {
                var argument = Argument(type, p, diagnostics);
                if (argument is not null)
                {
                    arguments.Add(argument);
                }
            }
        }

        return new GrainClassModel(
            type.ToDisplayString(SymbolFormats.Code),
            diagnostics.Count == 0,
            new EquatableArray<ConstructorArgumentModel>(arguments.ToArray()),
            new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    // One public constructor is the norm. Several: the one with the most parameters (the "fullest" one, as
    // dependency injection containers pick), and a tie is an error rather than a silent arbitrary choice.
    private static IMethodSymbol? PickConstructor(INamedTypeSymbol type, Compilation compilation, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var accessible = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal
                && compilation.IsSymbolAccessibleWithin(c, compilation.Assembly))
            .ToList();
        var candidates = accessible.Any(c => c.DeclaredAccessibility == Accessibility.Public)
            ? accessible.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList()
            : accessible;

        if (candidates.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.NoAccessibleConstructor, location, type.ToDisplayString()));
            return null;
        }

        var most = candidates.Max(c => c.Parameters.Length);
        var best = candidates.Where(c => c.Parameters.Length == most).ToList();
        if (best.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.AmbiguousConstructor, location, type.ToDisplayString(), most.ToString()));
            return null;
        }

        return best[0];
    }

    private static ConstructorArgumentModel? Argument(INamedTypeSymbol type, IParameterSymbol parameter, List<DiagnosticInfo> diagnostics)
    {
        var state = KnownTypes.FindRuntimeAttribute(parameter, "PersistentStateAttribute");
        if (state is not null)
        {
            if (parameter.Type is INamedTypeSymbol named && KnownTypes.IsPersistentState(named.OriginalDefinition))
            {
                var storage = state.ConstructorArguments.Length > 1 ? state.ConstructorArguments[1].Value as string : null;
                return new ConstructorArgumentModel(
                    named.TypeArguments[0].ToDisplayString(SymbolFormats.Code),
                    KnownTypes.FirstStringArgument(state) ?? string.Empty,
                    storage);
            }

            diagnostics.Add(DiagnosticInfo.Create(
                GeneratorDiagnostics.InvalidPersistentStateParameter,
                parameter.Locations.FirstOrDefault(),
                type.ToDisplayString(),
                parameter.Name,
                parameter.Type.ToDisplayString()));
            return null;
        }

        // GetService<T> requires T : notnull; an optional (nullable) parameter still gets a required service.
        var serviceType = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return new ConstructorArgumentModel(serviceType.ToDisplayString(SymbolFormats.Code), null, null);
    }
}
