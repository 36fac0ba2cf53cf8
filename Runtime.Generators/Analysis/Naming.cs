using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>Names of generated types and members. All generated types live flat in
/// <see cref="GeneratedNamespace"/>, named after the interface's full name with '.' and '+' turned into '_'
/// (a literal '_' is doubled first, so distinct interfaces can never map to the same name).</summary>
internal static class Naming
{
    public const string GeneratedNamespace = "ClawChat.Generated";

    /// <summary>Members of GrainRequest / object that a request property must not hide.</summary>
    private static readonly HashSet<string> ReservedMembers = new()
    {
        "Method", "MethodInfo", "CancellationToken", "CallerCancellation", "InvokeAsync", "InvokeUntypedAsync",
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>Namespace plus containing types, '+'-separated like Type.FullName: hashed into the interface id.</summary>
    public static string FullMetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            name = t.MetadataName + "+" + name;
        }

        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    public static string Mangle(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            switch (c)
            {
                case '_':
                    sb.Append("__");
                    break;
                case '.':
                case '+':
                case '`':
                    sb.Append('_');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    public static string ProxyClass(string mangledInterface) => mangledInterface + "Proxy";

    /// <summary>The method id (hex) makes overloads distinct.</summary>
    public static string RequestClass(string mangledInterface, string methodName, ushort methodId)
        => $"{mangledInterface}_{Mangle(methodName)}_{methodId:x4}_Request";

    public static string RegistrationClass(string? assemblyName)
    {
        var sb = new StringBuilder("GrainRegistration_");
        foreach (var c in assemblyName ?? "Assembly")
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }

    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>PascalCase of a parameter name, renamed (suffix '_') if it would clash with a base member or
    /// an earlier property.</summary>
    public static string PropertyName(string parameterName, ISet<string> taken)
    {
        var name = parameterName.Length == 0 ? "Arg" : char.ToUpperInvariant(parameterName[0]) + parameterName.Substring(1);
        while (ReservedMembers.Contains(name) || taken.Contains(name))
        {
            name += "_";
        }

        taken.Add(name);
        return name;
    }
}
