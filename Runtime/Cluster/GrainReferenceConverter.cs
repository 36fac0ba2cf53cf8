using System.Text.Json;
using System.Text.Json.Serialization;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Cluster;

/// <summary>Lets grain and observer references travel as call arguments or results between silos: a
/// reference is written as its grain id ("type/key") and read back as a proxy bound to the receiving
/// silo's runtime (Orleans serializes GrainReference the same way: identity, not object).</summary>
internal sealed class GrainReferenceConverterFactory(IGrainCallInvoker invoker) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeof(GrainReference).IsAssignableFrom(typeToConvert)
        || (typeToConvert.IsInterface && typeof(IAddressable).IsAssignableFrom(typeToConvert) && typeToConvert != typeof(IAddressable));

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), invoker)!;

    private sealed class Converter<T>(IGrainCallInvoker invoker) : JsonConverter<T>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            var id = GrainId.Parse(reader.GetString() ?? throw new JsonException("A grain reference must be a string."));
            var descriptor = GrainRegistry.GetInterface(typeToConvert);
            return (T)(object)descriptor.ProxyFactory(invoker, id);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not GrainReference reference)
            {
                throw new JsonException($"Only grain references can cross silos; got a {value.GetType()} for {typeof(T)}. Pass the result of GetGrain or CreateObjectReference.");
            }

            writer.WriteStringValue(reference.GrainId.ToString());
        }
    }
}
