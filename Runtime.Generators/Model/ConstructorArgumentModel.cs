namespace ClawChat.Runtime.Generators.Model;

/// <param name="Type">For services: the non-nullable service type. For state: the state type T.</param>
/// <param name="StateName">Non-null when the argument is a [PersistentState] facet.</param>
internal sealed record ConstructorArgumentModel(string Type, string? StateName, string? StorageName);
