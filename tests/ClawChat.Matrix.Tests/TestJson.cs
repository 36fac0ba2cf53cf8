using System.Text.Json;

namespace ClawChat.Matrix.Tests;

internal static class TestJson
{
    /// <summary>Parses JSON written with single quotes for readability in test tables.</summary>
    public static JsonElement Parse(string json) => JsonDocument.Parse(json.Replace('\'', '"')).RootElement.Clone();

    public static JsonElement Raw(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
