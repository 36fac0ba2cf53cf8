using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

/// <summary>KestrelServer insists on an HTTP application even when its only endpoint runs a connection delegate;
/// this one is never called.</summary>
internal sealed class NoHttpApplication : IHttpApplication<object>
{
    public object CreateContext(IFeatureCollection contextFeatures) => throw new NotSupportedException("The silo listener serves no HTTP.");

    public void DisposeContext(object context, Exception? exception)
    {
    }

    public Task ProcessRequestAsync(object context) => throw new NotSupportedException("The silo listener serves no HTTP.");
}
