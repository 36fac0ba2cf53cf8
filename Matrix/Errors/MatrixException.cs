using System.Buffers;
using System.Text.Json;

namespace ClawChat.Matrix.Errors;

/// <summary>
/// A Matrix error: HTTP status + <c>errcode</c> + <c>error</c> + extra body fields (DIGEST §11). Grains
/// throw it and the API turns it into the response in one place. Its data are plain properties so the
/// runtime can carry it between silos unchanged.
/// </summary>
public sealed partial class MatrixException : Exception
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoExtra = new Dictionary<string, JsonElement>();

    public MatrixException()
        : this(500, MatrixErrorCode.Unknown, "Internal server error.")
    {
    }

    public MatrixException(string message)
        : this(500, MatrixErrorCode.Unknown, message)
    {
    }

    public MatrixException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        ErrCode = MatrixErrorCode.Unknown;
        Error = message;
        Extra = NoExtra;
    }

    public MatrixException(int status, string errCode, string error, IReadOnlyDictionary<string, JsonElement>? extra = null)
        : base($"{errCode}: {error}")
    {
        Status = status;
        ErrCode = errCode;
        Error = error;
        Extra = extra ?? NoExtra;
    }

    /// <summary>HTTP status code of the response.</summary>
    public int Status { get; }

    /// <summary>The <c>errcode</c>, one of <see cref="MatrixErrorCode"/>.</summary>
    public string ErrCode { get; }

    /// <summary>The human-readable <c>error</c>.</summary>
    public string Error { get; }

    /// <summary>Additional body fields, e.g. <c>retry_after_ms</c>, <c>soft_logout</c>, <c>room_version</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extra { get; }

    /// <summary>Writes <c>{"errcode":…,"error":…,…extra}</c>.</summary>
    public void WriteBody(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("errcode", ErrCode);
        writer.WriteString("error", Error);
        foreach (var (key, value) in Extra)
        {
            if (key is "errcode" or "error")
            {
                continue;
            }

            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>The error body as UTF-8 JSON.</summary>
    public byte[] ToBodyBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteBody(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
