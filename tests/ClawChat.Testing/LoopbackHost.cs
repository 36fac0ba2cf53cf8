using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClawChat.Testing;

/// <summary>Real Kestrel on 127.0.0.1 for the fake servers tests talk to (model backends, push gateway).</summary>
public static class LoopbackHost
{
    /// <summary>A slim web application builder listening on a free loopback port, logging nothing.</summary>
    /// <param name="kestrel">Further Kestrel settings (e.g. request limits).</param>
    public static WebApplicationBuilder CreateBuilder(Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(options);
        });
        return builder;
    }

    /// <summary>The started app's address without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static string BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}
