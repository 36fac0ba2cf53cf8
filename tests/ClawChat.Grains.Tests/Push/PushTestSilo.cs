using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Push.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Tests.Push;

/// <summary>A <see cref="GrainsTestSilo"/> with push options and a <see cref="RecordingDeliveryQueue"/> instead of the
/// HTTP delivery service (no sockets). <see cref="GrainsTestSilo.RestartAsync"/> starts a fresh silo over the same
/// stores.</summary>
public sealed class PushTestSilo : GrainsTestSilo
{
    public PushTestSilo(PushOptions? options = null)
        : this(options ?? new PushOptions(), new RecordingDeliveryQueue())
    {
    }

    private PushTestSilo(PushOptions options, RecordingDeliveryQueue deliveries)
        : base(services =>
        {
            services.AddSingleton(Options.Create(options));
            services.AddSingleton<IPushDeliveryQueue>(deliveries);
        })
    {
        Deliveries = deliveries;
    }

    public RecordingDeliveryQueue Deliveries { get; }

    // The push tests' ids are on push.test (so remote to the silo's test.local), as they always have been.
    public static new string NewUserId(string name = "user") => $"@{name}-{Guid.NewGuid():N}:push.test";

    public static new string NewRoomId() => $"!{Guid.NewGuid():N}:push.test";
}
