namespace ClawChat.Matrix.Json;

/// <summary>
/// The value cannot be represented as Matrix canonical JSON (a float, an integer outside
/// [-(2^53)+1, 2^53-1], a duplicate key, an invalid string). Callers on the C-S API map this to
/// 400 M_BAD_JSON (DIGEST §2, §11).
/// </summary>
public sealed class CanonicalJsonException : Exception
{
    public CanonicalJsonException()
    {
    }

    public CanonicalJsonException(string message)
        : base(message)
    {
    }

    public CanonicalJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
