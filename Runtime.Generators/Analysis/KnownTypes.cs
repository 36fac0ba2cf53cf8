using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>Recognises runtime types by name rather than by symbol, so analysis needs no per-compilation
/// symbol lookups and works the same whether the runtime is a project or a package reference.</summary>
internal static class KnownTypes
{
    public const string RuntimeNamespace = "ClawChat.Runtime";

    public static bool Is(ITypeSymbol? type, string ns, string metadataName)
        => type is not null
            && type.MetadataName == metadataName
            && type.ContainingType is null
            && type.ContainingNamespace?.ToDisplayString() == ns;

    public static bool IsRuntime(ITypeSymbol? type, string metadataName) => Is(type, RuntimeNamespace, metadataName);

    /// <summary>The runtime's own markers, which get no proxy.</summary>
    public static bool IsMarkerInterface(INamedTypeSymbol type)
        => IsRuntime(type, "IGrain") || IsRuntime(type, "IGrainWithStringKey")
            || IsRuntime(type, "IGrainObserver") || IsRuntime(type, "IAddressable");

    public static bool IsGrainInterface(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || IsMarkerInterface(type))
        {
            return false;
        }

        foreach (var i in type.AllInterfaces)
        {
            if (IsRuntime(i, "IGrain") || IsRuntime(i, "IGrainObserver"))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsGrainClass(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return false;
        }

        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (IsRuntime(t, "Grain"))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsCancellationToken(ITypeSymbol type) => Is(type, "System.Threading", "CancellationToken");

    public static bool IsPersistentState(ITypeSymbol type)
        => IsRuntime(type, "IPersistentState`1");

    public static bool HasRuntimeAttribute(ISymbol symbol, string attributeName) => FindRuntimeAttribute(symbol, attributeName) is not null;

    public static AttributeData? FindRuntimeAttribute(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsRuntime(attribute.AttributeClass, attributeName))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The first constructor argument of an attribute as a string (Alias, ResponseTimeout, PersistentState).</summary>
    public static string? FirstStringArgument(AttributeData? attribute)
        => attribute is { ConstructorArguments.Length: > 0 } && attribute.ConstructorArguments[0].Value is string s ? s : null;
}
