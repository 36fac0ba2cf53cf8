using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ClawChat.Runtime.Generators.Analysis;

// RS2008 wants AnalyzerReleases.*.md release tracking; these ids ship with the repo, not as a package.
#pragma warning disable RS2008

/// <summary>Everything the generator refuses. All are errors: a grain interface that cannot be proxied
/// would otherwise fail only at run time, on the first call.</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "ClawChat.Runtime.Generators";

    public static readonly DiagnosticDescriptor InvalidReturnType = Error(
        "CCG001", "Grain method has an unsupported return type",
        "Grain interface method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "CCG002", "Grain method is generic",
        "Grain interface method '{0}' has type parameters; generic grain methods are not supported");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "CCG003", "Grain method parameter is passed by reference",
        "Parameter '{1}' of grain interface method '{0}' is ref, out or in; grain calls copy their arguments");

    public static readonly DiagnosticDescriptor PropertyOrEvent = Error(
        "CCG004", "Grain interface declares a property or event",
        "Grain interface '{0}' has {1} '{2}'; grain interfaces may declare methods only");

    public static readonly DiagnosticDescriptor OneWayWithResult = Error(
        "CCG005", "One-way grain method returns a value",
        "Grain interface method '{0}' is [OneWay] but returns '{1}'; one-way methods must return Task or ValueTask");

    public static readonly DiagnosticDescriptor MethodIdCollision = Error(
        "CCG006", "Grain method ids collide",
        "Grain methods '{0}' and '{1}' of '{2}' have the same method id 0x{3}; give one of them an [Alias]");

    public static readonly DiagnosticDescriptor NoAccessibleConstructor = Error(
        "CCG007", "Grain class has no accessible constructor",
        "Grain class '{0}' has no public or internal constructor for the generated factory to call");

    public static readonly DiagnosticDescriptor AmbiguousConstructor = Error(
        "CCG008", "Grain class constructor is ambiguous",
        "Grain class '{0}' has several constructors with {1} parameters; keep a single public constructor");

    public static readonly DiagnosticDescriptor GenericInterface = Error(
        "CCG009", "Generic grain interface",
        "Grain interface '{0}' is generic or nested in a generic type; generic grain interfaces are not supported");

    public static readonly DiagnosticDescriptor InaccessibleInterface = Error(
        "CCG010", "Grain interface is not accessible",
        "Grain interface '{0}' is not accessible to generated code; make it (and its containing types) public or internal");

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = Error(
        "CCG011", "Invalid response timeout",
        "[ResponseTimeout(\"{1}\")] on grain method '{0}' is not a positive TimeSpan (hh:mm:ss) below 24 days");

    public static readonly DiagnosticDescriptor InvalidGrainClass = Error(
        "CCG012", "Grain class cannot be constructed by generated code",
        "Grain class '{0}' cannot be constructed by generated code: {1}");

    public static readonly DiagnosticDescriptor InvalidPersistentStateParameter = Error(
        "CCG013", "[PersistentState] on a parameter that is not IPersistentState<T>",
        "Parameter '{1}' of grain class '{0}' has [PersistentState] but its type is '{2}', not IPersistentState<T>");

    public static readonly DiagnosticDescriptor MultipleCancellationTokens = Error(
        "CCG014", "Grain method takes several cancellation tokens",
        "Grain interface method '{0}' takes more than one CancellationToken; the runtime supplies exactly one");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = Index(
        InvalidReturnType, GenericMethod, ByRefParameter, PropertyOrEvent, OneWayWithResult, MethodIdCollision,
        NoAccessibleConstructor, AmbiguousConstructor, GenericInterface, InaccessibleInterface, InvalidResponseTimeout,
        InvalidGrainClass, InvalidPersistentStateParameter, MultipleCancellationTokens);

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var index = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var d in descriptors)
        {
            index.Add(d.Id, d);
        }

        return index;
    }
}
