using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ClawChat.Testing;

/// <summary>A response from the homeserver: status, headers and the JSON body (already read), with
/// assertions whose failure messages show the request and the body.</summary>
public sealed class MatrixResponse
{
    private readonly JsonElement? _body;

    internal MatrixResponse(string request, HttpStatusCode statusCode, HttpResponseHeaders headers, string? mediaType, string text)
    {
        Request = request;
        StatusCode = statusCode;
        Headers = headers;
        MediaType = mediaType;
        Text = text;
        if (text.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                _body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                _body = null;
            }
        }
    }

    /// <summary>"METHOD path" of the request, for messages.</summary>
    public string Request { get; }

    public HttpStatusCode StatusCode { get; }

    public HttpResponseHeaders Headers { get; }

    /// <summary>The response Content-Type's media type (e.g. <c>application/json</c>).</summary>
    public string? MediaType { get; }

    /// <summary>The raw body text.</summary>
    public string Text { get; }

    /// <summary>The body as JSON; throws when the body is empty or not JSON.</summary>
    public JsonElement Body => _body ?? throw new MatrixAssertionException($"{Request}: body is not JSON ({(int)StatusCode}): '{Text}'");

    /// <summary>A top-level property of the body; throws with the body in the message when absent.</summary>
    public JsonElement this[string name] =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value)
            ? value
            : throw new MatrixAssertionException($"{Request}: body has no '{name}': {Text}");

    /// <summary>A top-level string property, or null when absent.</summary>
    public string? GetString(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Whether the body has a top-level property <paramref name="name"/>.</summary>
    public bool Has(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out _);

    /// <summary>Asserts 200 with a JSON object body.</summary>
    public MatrixResponse AssertOk() => AssertStatus(HttpStatusCode.OK);

    /// <summary>Asserts the status and a JSON body.</summary>
    public MatrixResponse AssertStatus(HttpStatusCode expected)
    {
        if (StatusCode != expected)
        {
            throw new MatrixAssertionException($"{Request}: expected {(int)expected} but got {(int)StatusCode}: {Text}");
        }

        _ = Body;
        return this;
    }

    /// <summary>Asserts a Matrix error: the status, <c>errcode</c>, a string <c>error</c>, and a JSON content type.</summary>
    public MatrixResponse AssertError(HttpStatusCode status, string errcode)
    {
        AssertStatus(status);
        if (GetString("errcode") != errcode)
        {
            throw new MatrixAssertionException($"{Request}: expected errcode {errcode} but got: {Text}");
        }

        if (GetString("error") is null)
        {
            throw new MatrixAssertionException($"{Request}: Matrix error has no string 'error': {Text}");
        }

        if (MediaType != "application/json")
        {
            throw new MatrixAssertionException($"{Request}: error Content-Type is '{MediaType}', not application/json.");
        }

        return this;
    }

    public override string ToString() => $"{Request} → {(int)StatusCode} {Text}";
}
