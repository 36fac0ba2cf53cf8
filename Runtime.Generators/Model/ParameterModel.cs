namespace ClawChat.Runtime.Generators.Model;

/// <param name="Identifier">The parameter name as a C# identifier (keywords escaped with @).</param>
/// <param name="Type">Fully qualified type with nullable annotations, as written in generated code.</param>
/// <param name="PropertyName">The request property carrying the argument (unused for the CancellationToken).</param>
internal sealed record ParameterModel(string Identifier, string Type, string PropertyName, bool IsCancellationToken);
