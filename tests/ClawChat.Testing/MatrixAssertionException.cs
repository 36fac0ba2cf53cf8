namespace ClawChat.Testing;

/// <summary>A failed expectation about a homeserver response (xunit reports it as a test failure).</summary>
public sealed class MatrixAssertionException : Exception
{
    public MatrixAssertionException()
    {
    }

    public MatrixAssertionException(string message)
        : base(message)
    {
    }

    public MatrixAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
