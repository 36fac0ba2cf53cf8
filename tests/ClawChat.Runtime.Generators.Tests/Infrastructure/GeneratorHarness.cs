using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="GrainGenerator"/> over source snippets, compiled against the real runtime
/// assembly and the framework the tests run on, with the repo's settings (nullable enabled).</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static GeneratorRun Run(string source, string? assemblyName = null)
    {
        var driver = CreateDriver();
        driver = driver.RunGeneratorsAndUpdateCompilation(CreateCompilation(source, assemblyName), out var output, out var diagnostics);
        return new GeneratorRun((CSharpCompilation)output, diagnostics, driver.GetRunResult());
    }

    public static CSharpCompilation CreateCompilation(string source, string? assemblyName = null)
        => CSharpCompilation.Create(
            assemblyName ?? "Gen_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Input.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new GrainGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static MetadataReference[] LoadReferences()
    {
        // Keyed by file name: the runtime assembly may also be listed among the trusted platform assemblies.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(Grain).Assembly.Location)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }
}
