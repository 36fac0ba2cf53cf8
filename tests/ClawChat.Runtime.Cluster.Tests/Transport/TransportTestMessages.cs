using System.Text;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

internal static class TransportTestMessages
{
    public static readonly GrainType TestGrain = new("test.echo");

    public static ClusterMessage Request(string body, string key = "k") => Request(Encoding.UTF8.GetBytes(body), key);

    public static ClusterMessage Request(byte[] body, string key = "k") => new()
    {
        Kind = MessageKind.Request,
        Target = new GrainId(TestGrain, key),
        InterfaceId = 0x1234_5678,
        MethodId = 7,
        RemainingMs = 30_000,
        Body = body,
    };

    public static string Text(ClusterMessage message) => Encoding.UTF8.GetString(message.Body.Span);
}
