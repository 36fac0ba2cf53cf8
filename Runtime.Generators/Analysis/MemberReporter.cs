using System.Collections.Generic;
using System.Linq;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>Decides where (and whether) a problem with an interface member is reported. A member of the
/// analysed interface is reported on itself. A member inherited from another grain interface of this
/// compilation is not reported here: that interface's own analysis reports it, and reporting twice would
/// duplicate the error. A member inherited from anywhere else (a referenced assembly, a non-grain base
/// interface) is reported on the analysed interface, since nothing else will report it.</summary>
internal sealed class MemberReporter
{
    private readonly INamedTypeSymbol _analysed;
    private readonly INamedTypeSymbol _declaring;
    private readonly Compilation _compilation;
    private readonly List<DiagnosticInfo> _diagnostics;

    public MemberReporter(INamedTypeSymbol analysed, INamedTypeSymbol declaring, Compilation compilation, List<DiagnosticInfo> diagnostics)
    {
        _analysed = analysed;
        _declaring = declaring;
        _compilation = compilation;
        _diagnostics = diagnostics;
    }

    public void Report(ISymbol member, DiagnosticDescriptor descriptor, params string[] arguments)
        => Report(member, descriptor, ownedByAnalysed: false, arguments);

    /// <param name="ownedByAnalysed">The problem exists only in the analysed interface (a method id
    /// collision between two base interfaces), so no other analysis can report it.</param>
    public void Report(ISymbol member, DiagnosticDescriptor descriptor, bool ownedByAnalysed, params string[] arguments)
    {
        if (SymbolEqualityComparer.Default.Equals(_declaring, _analysed))
        {
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, member.Locations.FirstOrDefault(), arguments));
            return;
        }

        var inSource = SymbolEqualityComparer.Default.Equals(_declaring.ContainingAssembly, _compilation.Assembly);
        if (!ownedByAnalysed && inSource && KnownTypes.IsGrainInterface(_declaring.OriginalDefinition))
        {
            return;
        }

        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _analysed.Locations.FirstOrDefault(), arguments));
    }
}
