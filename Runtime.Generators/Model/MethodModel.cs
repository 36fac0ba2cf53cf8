namespace ClawChat.Runtime.Generators.Model;

/// <param name="DeclaringInterface">The (possibly base) interface that declares the method: the proxy
/// implements it explicitly on that interface and the request casts the target to it, which keeps
/// inherited methods and same-named methods of different bases apart.</param>
/// <param name="ReturnType">The method's declared return type (for the proxy signature).</param>
/// <param name="ResultType">T of GrainRequest&lt;T&gt;: the awaited type, or VoidResult.</param>
/// <param name="Flags">MethodFlags member names, already joined with " | ".</param>
internal sealed record MethodModel(
    string Name,
    string DeclaringInterface,
    string RequestClassName,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    ushort MethodId,
    string Flags,
    int ResponseTimeoutMs,
    bool IsOneWay,
    EquatableArray<ParameterModel> Parameters);
