using System.Text.Json;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClawChat.Api.Http;

/// <summary>Turns every failure into a Matrix error (DIGEST §11): <see cref="MatrixException"/> as is,
/// malformed bodies as M_NOT_JSON/M_BAD_JSON, oversized bodies as M_TOO_LARGE, overload and deadline
/// failures of the runtime as retryable errors, unknown routes as M_UNRECOGNIZED (404, or 405 for a known
/// path with the wrong method), and anything else as M_UNKNOWN 500, logged once with context.</summary>
public sealed partial class MatrixErrorMiddleware(RequestDelegate next, ILogger<MatrixErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var error = Translate(ex);
            if (error.Status >= 500)
            {
                Log.RequestFailed(logger, context.Request.Method, context.Request.Path, ex);
            }

            context.Response.Clear();
            await MatrixErrorWriter.WriteAsync(context, error);
            return;
        }

        if (!context.Response.HasStarted && context.Response.ContentLength is null && string.IsNullOrEmpty(context.Response.ContentType))
        {
            switch (context.Response.StatusCode)
            {
                case StatusCodes.Status404NotFound:
                    await MatrixErrorWriter.WriteAsync(context, MatrixException.Unrecognized("Unrecognized request."));
                    break;
                case StatusCodes.Status405MethodNotAllowed:
                    await MatrixErrorWriter.WriteAsync(context, MatrixException.Unrecognized("Method not allowed for this endpoint.", methodNotAllowed: true));
                    break;
            }
        }
    }

    internal static MatrixException Translate(Exception exception) => exception switch
    {
        MatrixException matrix => matrix,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => MatrixException.TooLarge("Request body is larger than the server accepts."),
        BadHttpRequestException bad when bad.InnerException is JsonException => MatrixException.NotJson("Request body is not valid JSON."),
        BadHttpRequestException bad => new MatrixException(bad.StatusCode, MatrixErrorCode.Unknown, "Bad request."),
        JsonException => MatrixException.NotJson("Request body is not valid JSON."),
        GrainCallRejectedException { Kind: RejectionKind.Overloaded } => MatrixException.LimitExceeded(1000, "The server is busy; retry shortly."),
        GrainCallRejectedException or SiloUnavailableException => MatrixException.Unknown("The server is temporarily unavailable; retry shortly.", 503),
        TimeoutException => MatrixException.Unknown("The server did not answer in time; retry shortly.", 504),
        _ => MatrixException.Unknown("Internal server error."),
    };

    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Error, "{Method} {Path} failed")]
        public static partial void RequestFailed(ILogger logger, string method, PathString path, Exception exception);
    }
}
