using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>JSON responses for Matrix endpoints whose bodies are dynamic (events, state, account data).</summary>
public static class MatrixResults
{
    private static readonly IResult EmptyObject = Results.Text("{}", "application/json");

    /// <summary><c>{}</c> with 200.</summary>
    public static IResult Empty => EmptyObject;

    public static IResult Json(JsonNode body, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json", System.Text.Encoding.UTF8, statusCode);
}
