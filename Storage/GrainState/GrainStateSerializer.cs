using System.Text.Json;

namespace ClawChat.Storage.GrainState;

/// <summary>JSON (de)serialization of state documents and the "no record" default value.</summary>
internal static class GrainStateSerializer
{
    public static string Serialize<TState>(TState state, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(state, options);

    public static TState Deserialize<TState>(string json, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<TState>(json, options) ?? CreateDefault<TState>();

    /// <summary>What a grain sees when no record exists: a fresh instance when the type has a public
    /// parameterless constructor (as Orleans does), otherwise <c>default</c>.</summary>
    public static TState CreateDefault<TState>() => DefaultFactory<TState>.Create();

    private static class DefaultFactory<TState>
    {
        // Resolved once per closed type: the reflection check is not free and reads are frequent.
        private static readonly bool HasParameterlessConstructor =
            !typeof(TState).IsValueType && !typeof(TState).IsAbstract && typeof(TState).GetConstructor(Type.EmptyTypes) is not null;

        public static TState Create() => HasParameterlessConstructor ? Activator.CreateInstance<TState>() : default!;
    }
}
