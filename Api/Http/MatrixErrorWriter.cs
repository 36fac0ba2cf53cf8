using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>Writes a Matrix error (<c>{"errcode","error",…}</c> with its HTTP status): the single place a
/// failure becomes a response.</summary>
public static class MatrixErrorWriter
{
    public static async Task WriteAsync(HttpContext context, MatrixException error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.Extra.TryGetValue("retry_after_ms", out var retry) && retry.TryGetInt64(out var ms))
        {
            response.Headers.RetryAfter = Math.Max(1, (ms + 999) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.Body.WriteAsync(error.ToBodyBytes(), context.RequestAborted);
    }
}
