namespace ClawChat.Grains.Push.Delivery;

/// <summary>A pusher URL resolves to an address the push options do not allow (loopback, private, …).</summary>
internal sealed class BlockedGatewayException : Exception
{
    public BlockedGatewayException()
    {
    }

    public BlockedGatewayException(string message)
        : base(message)
    {
    }

    public BlockedGatewayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
