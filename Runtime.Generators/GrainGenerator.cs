using System.Linq;
using System.Threading;
using ClawChat.Runtime.Generators.Analysis;
using ClawChat.Runtime.Generators.Emit;
using ClawChat.Runtime.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ClawChat.Runtime.Generators;

/// <summary>Generates request classes and proxies for grain and observer interfaces, and a module
/// initializer registering them and every grain class's factory with GrainRegistry.</summary>
/// <remarks>Grain interfaces carry no attribute (they are recognised by their base interfaces), so the
/// pipeline uses a syntax predicate: only type declarations with a base list can be grain interfaces
/// or grain classes. The transforms produce equatable models, never symbols, so unchanged interfaces
/// are served from the cache.</remarks>
[Generator(LanguageNames.CSharp)]
public sealed class GrainGenerator : IIncrementalGenerator
{
    /// <summary>Step names for incremental-caching tests.</summary>
    public const string InterfaceModelsStep = "GrainInterfaceModels";

    public const string GrainClassModelsStep = "GrainClassModels";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => AnalyzeInterface(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(InterfaceModelsStep);

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => AnalyzeClass(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(GrainClassModelsStep);

        context.RegisterSourceOutput(interfaces, static (spc, iface) =>
        {
            foreach (var d in iface.Diagnostics)
            {
                spc.ReportDiagnostic(d.ToDiagnostic());
            }

            if (iface.CanEmit)
            {
                spc.AddSource(InterfaceEmitter.HintName(iface), InterfaceEmitter.Emit(iface));
            }
        });

        context.RegisterSourceOutput(classes, static (spc, grain) =>
        {
            foreach (var d in grain.Diagnostics)
            {
                spc.ReportDiagnostic(d.ToDiagnostic());
            }
        });

        var assemblyName = context.CompilationProvider.Select(static (c, _) => c.AssemblyName);
        var registration = interfaces.Collect().Combine(classes.Collect()).Combine(assemblyName);
        context.RegisterSourceOutput(registration, static (spc, input) =>
        {
            var ((ifaces, grains), name) = input;
            if (ifaces.Any(i => i.CanEmit) || grains.Any(g => g.CanEmit))
            {
                spc.AddSource("GrainRegistration.g.cs", RegistrationEmitter.Emit(name, ifaces, grains));
            }
        });
    }

    private static InterfaceModel? AnalyzeInterface(GeneratorSyntaxContext ctx, CancellationToken ct)
    {
        if (ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is not INamedTypeSymbol symbol
            || !KnownTypes.IsGrainInterface(symbol)
            || !IsPrimaryDeclaration(symbol, ctx.Node, ct))
        {
            return null;
        }

        return InterfaceAnalyzer.Analyze(symbol, ctx.SemanticModel.Compilation, ct);
    }

    private static GrainClassModel? AnalyzeClass(GeneratorSyntaxContext ctx, CancellationToken ct)
    {
        if (ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is not INamedTypeSymbol symbol
            || symbol.IsAbstract
            || !KnownTypes.IsGrainClass(symbol)
            || !IsPrimaryDeclaration(symbol, ctx.Node, ct))
        {
            return null;
        }

        return GrainClassAnalyzer.Analyze(symbol, ctx.SemanticModel.Compilation);
    }

    /// <summary>A partial type may have several declarations with base lists; only the first one yields a
    /// model, so each type is generated (and its diagnostics reported) once.</summary>
    private static bool IsPrimaryDeclaration(INamedTypeSymbol symbol, SyntaxNode node, CancellationToken ct)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(ct) is BaseTypeDeclarationSyntax { BaseList: not null } declaration)
            {
                return declaration == node;
            }
        }

        return false;
    }
}
