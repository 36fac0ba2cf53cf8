using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Errors;

namespace ClawChat.Api.Http;

/// <summary>Typed access to request body fields with the spec's errors: a missing required field is
/// M_MISSING_PARAM, a field of the wrong type is M_BAD_JSON.</summary>
public static class JsonObjectExtensions
{
    public static string GetRequiredString(this JsonObject body, string name) =>
        body.GetOptionalString(name) ?? throw MatrixException.MissingParam($"'{name}' is required.");

    public static string? GetOptionalString(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw MatrixException.BadJson($"'{name}' must be a string."),
    };

    public static bool? GetOptionalBool(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => throw MatrixException.BadJson($"'{name}' must be a boolean."),
    };

    public static long? GetOptionalInteger(this JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number))
        {
            return number;
        }

        if (node is JsonValue other && other.GetValueKind() == JsonValueKind.Number && other.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9007199254740992)
        {
            return (long)d;
        }

        throw MatrixException.BadJson($"'{name}' must be an integer.");
    }

    public static JsonObject? GetOptionalObject(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw MatrixException.BadJson($"'{name}' must be an object."),
    };

    public static JsonArray? GetOptionalArray(this JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonArray array => array,
        _ => throw MatrixException.BadJson($"'{name}' must be an array."),
    };

    /// <summary>An array of strings; any non-string element is M_BAD_JSON.</summary>
    public static IReadOnlyList<string>? GetOptionalStringArray(this JsonObject body, string name)
    {
        var array = body.GetOptionalArray(name);
        if (array is null)
        {
            return null;
        }

        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                result.Add(value.GetValue<string>());
            }
            else
            {
                throw MatrixException.BadJson($"'{name}' must be an array of strings.");
            }
        }

        return result;
    }
}
