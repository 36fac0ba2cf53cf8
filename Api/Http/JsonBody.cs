using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>Reading Matrix request bodies: every body is a JSON object (DIGEST §11); clients may omit
/// Content-Type. Malformed JSON is M_NOT_JSON, anything but an object is M_BAD_JSON.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The body as a JSON object; an empty body reads as <c>{}</c>.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), documentOptions: DocumentOptions);
        }
        catch (JsonException)
        {
            throw MatrixException.NotJson("Request body is not valid JSON.");
        }

        return node as JsonObject ?? throw MatrixException.BadJson("Request body must be a JSON object.");
    }
}
