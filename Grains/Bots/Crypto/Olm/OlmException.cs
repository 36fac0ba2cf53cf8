namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>A libolm call failed; the message is libolm's error name (e.g. <c>BAD_MESSAGE_MAC</c>), never key material.</summary>
public sealed class OlmException : Exception
{
    public OlmException()
    {
    }

    public OlmException(string message)
        : base(message)
    {
    }

    public OlmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
