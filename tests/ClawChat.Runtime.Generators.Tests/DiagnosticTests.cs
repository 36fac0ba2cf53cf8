using ClawChat.Runtime.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using ClawChat.Runtime;
        namespace Bad;

        """;

    public static TheoryData<string, string> BadInterfaces => new()
    {
        { "CCG001", "public interface IG : IGrainWithStringKey { int CountAsync(); }" },
        { "CCG001", "public interface IG : IGrainWithStringKey { void Run(); }" },
        { "CCG002", "public interface IG : IGrainWithStringKey { Task RunAsync<T>(T value); }" },
        { "CCG003", "public interface IG : IGrainWithStringKey { Task RunAsync(ref int value); }" },
        { "CCG003", "public interface IG : IGrainWithStringKey { Task RunAsync(out int value); }" },
        { "CCG003", "public interface IG : IGrainWithStringKey { Task RunAsync(in int value); }" },
        { "CCG004", "public interface IG : IGrainWithStringKey { int Count { get; } }" },
        { "CCG004", "public interface IG : IGrainWithStringKey { event System.Action Changed; }" },
        { "CCG005", "public interface IG : IGrainWithStringKey { [OneWay] Task<int> RunAsync(); }" },
        { "CCG005", "public interface IG : IGrainWithStringKey { [OneWay] ValueTask<int> RunAsync(); }" },
        { "CCG006", "public interface IG : IGrainWithStringKey { [Alias(\"x\")] Task AAsync(); [Alias(\"x\")] Task BAsync(); }" },
        { "CCG006", "public interface IA { Task RunAsync(); } public interface IB { Task RunAsync(); } public interface IG : IA, IB, IGrainWithStringKey { }" },
        { "CCG009", "public interface IG<T> : IGrainWithStringKey { Task RunAsync(); }" },
        { "CCG009", "public class Outer<T> { public interface IG : IGrainWithStringKey { Task RunAsync(); } }" },
        { "CCG010", "public class Outer { private interface IG : IGrainWithStringKey { Task RunAsync(); } }" },
        { "CCG011", "public interface IG : IGrainWithStringKey { [ResponseTimeout(\"banana\")] Task RunAsync(); }" },
        { "CCG011", "public interface IG : IGrainWithStringKey { [ResponseTimeout(\"-00:00:01\")] Task RunAsync(); }" },
        { "CCG014", "public interface IG : IGrainWithStringKey { Task RunAsync(CancellationToken a, CancellationToken b); }" },
        { "CCG001", "public interface IBase { int Count(); } public interface IG : IBase, IGrainWithStringKey { }" },
    };

    public static TheoryData<string, string> BadClasses => new()
    {
        { "CCG007", "public sealed class G : Grain { private G() { } }" },
        { "CCG008", "public sealed class G : Grain { public G(int a) { } public G(string b) { } }" },
        { "CCG012", "public sealed class G<T> : Grain { }" },
        { "CCG012", "public class Outer { private sealed class G : Grain { } }" },
        { "CCG013", "public sealed class G : Grain { public G([PersistentState(\"s\")] string s) { } }" },
    };

    [Theory]
    [MemberData(nameof(BadInterfaces))]
    [MemberData(nameof(BadClasses))]
    public void BadInput_IsReportedAsError(string id, string source)
    {
        var run = GeneratorHarness.Run(Usings + source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal((id, DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
    }

    [Theory]
    [MemberData(nameof(BadInterfaces))]
    public void BadInterface_GetsNoGeneratedCode(string id, string source)
    {
        _ = id;
        var run = GeneratorHarness.Run(Usings + source);

        Assert.DoesNotContain(run.GeneratedHintNames, h => h.StartsWith("Bad_", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnostic_PointsAtTheOffendingMethod()
    {
        var source = Usings + "public interface IG : IGrainWithStringKey { Task OkAsync(); int BadAsync(); }";
        var diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics);

        var span = diagnostic.Location.SourceSpan;
        Assert.Equal("BadAsync", source.Substring(span.Start, span.Length));
    }

    [Fact]
    public void ErrorInBaseGrainInterface_IsReportedOnce_AndBlocksDerivedInterface()
    {
        var source = Usings + """
            public interface IBase : IGrainWithStringKey { int BadAsync(); }
            public interface IDerived : IBase { Task OkAsync(); }
            """;
        var run = GeneratorHarness.Run(source);

        Assert.Equal("CCG001", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.GeneratedHintNames);
    }

    [Fact]
    public void ValidGrainClass_WithSeveralConstructors_UsesTheLongestPublicOne()
    {
        var source = Usings + """
            public interface IDep { }
            public sealed class G : Grain
            {
                public G() { }
                public G(IDep dep) { }
                internal G(IDep dep, string extra) { }
            }
            """;
        var run = GeneratorHarness.Run(source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("new global::Bad.G(context.GetService<global::Bad.IDep>())", run.GeneratedSource("GrainRegistration.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void PartialInterface_IsGeneratedOnce()
    {
        var source = Usings + """
            public partial interface IG : IGrainWithStringKey { Task AAsync(); }
            public partial interface IG : IGrain { Task BAsync(); }
            """;
        var run = GeneratorHarness.Run(source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems());
        Assert.Equal(new[] { "Bad_IG.g.cs", "GrainRegistration.g.cs" }, run.GeneratedHintNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CompilationWithoutGrains_GetsNoOutput()
    {
        var run = GeneratorHarness.Run(Usings + "public interface IPlain : System.IDisposable { }");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedHintNames);
    }
}
