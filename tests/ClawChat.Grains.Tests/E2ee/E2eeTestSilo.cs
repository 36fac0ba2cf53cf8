using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Grains.Tests.E2ee;

/// <summary>A <see cref="GrainsTestSilo"/> (server <c>test.local</c>, restartable over the same stores) that also
/// resolves any <c>IOptions&lt;T&gt;</c> with defaults, as the E2EE grain tests always have.</summary>
public sealed class E2eeTestSilo() : GrainsTestSilo(static services => services.AddOptions());
