namespace ClawChat.Runtime.Generators.Model;

internal sealed record GrainClassModel(
    string TypeName,
    bool CanEmit,
    EquatableArray<ConstructorArgumentModel> Arguments,
    EquatableArray<DiagnosticInfo> Diagnostics);
