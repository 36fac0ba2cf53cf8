using ClawChat.Runtime.Generators.Analysis;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Model;

/// <summary>A diagnostic captured during analysis and reported at output time (Diagnostic itself is not
/// equatable, so it cannot live in a cached model).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
        => new(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(GeneratorDiagnostics.ById(Id), Location?.ToLocation(), args);
    }
}
