using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>The result of running the generator over one snippet.</summary>
public sealed class GeneratorRun
{
    public GeneratorRun(CSharpCompilation output, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorDriverRunResult result)
    {
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
        Result = result;
    }

    /// <summary>The input compilation plus the generated trees.</summary>
    public CSharpCompilation Output { get; }

    /// <summary>What the generator itself reported (CCG*), plus CS8785 if it threw.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    public GeneratorDriverRunResult Result { get; }

    public IEnumerable<string> GeneratedHintNames => Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName);

    public string GeneratedSource(string hintName)
        => Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Compiler diagnostics of warning severity or worse over the whole output.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems()
        => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public Assembly EmitAndLoad()
    {
        using var pe = new MemoryStream();
        var emit = Output.Emit(pe);
        Assert.True(emit.Success, "Emit failed:\n" + string.Join("\n", emit.Diagnostics));
        return Assembly.Load(pe.ToArray());
    }
}
