using ClawChat.Runtime.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ClawChat.Runtime.Generators.Tests;

/// <summary>The pipeline carries equatable models only; if a symbol or a non-equatable collection slipped
/// in, every keystroke in the IDE would regenerate every proxy.</summary>
public sealed class IncrementalityTests
{
    [Fact]
    public void UnrelatedEdit_LeavesAllOutputsCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(SampleSource.Code);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step ran again: {r}"));
    }

    [Fact]
    public void EditToOneInterface_RegeneratesOnlyThatInterface()
    {
        const string one = "using System.Threading.Tasks; namespace N; public interface IOne : ClawChat.Runtime.IGrainWithStringKey { Task AAsync(); }";
        const string two = "using System.Threading.Tasks; namespace N; public interface ITwo : ClawChat.Runtime.IGrainWithStringKey { Task BAsync(); }";
        var compilation = GeneratorHarness.CreateCompilation(one).AddSyntaxTrees(CSharpSyntaxTree.ParseText(two, GeneratorHarness.ParseOptions));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = CSharpSyntaxTree.ParseText(two.Replace("Task BAsync();", "Task BAsync(); Task CAsync();", StringComparison.Ordinal), GeneratorHarness.ParseOptions);
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[GrainGenerator.InterfaceModelsStep].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("CAsync", result.GeneratedSources.Single(s => s.HintName == "N_ITwo.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }
}
