using System.Text.Json;

namespace ClawChat.Storage;

/// <summary>How grain state documents are serialized, shared by every grain storage provider.</summary>
public sealed class GrainStorageOptions
{
    /// <summary>Serializer options for state documents. Default: <see cref="JsonSerializerDefaults.Web"/>
    /// (camelCase, case-insensitive reads) with the reflection resolver, because grain state types are
    /// arbitrary and generic and cannot all be listed in one source-generated context.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
