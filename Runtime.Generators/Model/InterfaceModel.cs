namespace ClawChat.Runtime.Generators.Model;

/// <param name="WireName">Alias or full name: what the interface id is hashed from.</param>
/// <param name="TypeName">global::-qualified name for generated code.</param>
/// <param name="MangledName">Flat identifier prefix of the generated types (see Naming).</param>
/// <param name="IsPublic">Whether generated request types can be public (the interface is visible outside the assembly).</param>
/// <param name="CanEmit">False when an error was found: nothing is generated, only diagnostics.</param>
internal sealed record InterfaceModel(
    string WireName,
    uint InterfaceId,
    string TypeName,
    string MangledName,
    bool IsPublic,
    bool CanEmit,
    EquatableArray<MethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics);
