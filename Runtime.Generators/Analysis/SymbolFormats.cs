using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

internal static class SymbolFormats
{
    /// <summary>Types as written in generated code: global::-qualified, keeping nullable annotations so
    /// explicit implementations match the interface's nullability exactly.</summary>
    public static readonly SymbolDisplayFormat Code = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Parameter types inside method-id signatures. Part of the wire format: changing it changes
    /// every method id. No keywords (System.Int32), no nullable reference annotations (they do not
    /// distinguish overloads), Nullable&lt;T&gt; and ValueTuple spelled out so the text is unambiguous.</summary>
    public static readonly SymbolDisplayFormat MethodId = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.ExpandNullable | SymbolDisplayMiscellaneousOptions.ExpandValueTuple);
}
