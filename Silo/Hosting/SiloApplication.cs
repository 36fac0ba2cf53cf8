using ClawChat.Api;

namespace ClawChat.Silo.Hosting;

/// <summary>Builds the silo's web application from command-line arguments (also used by tests, which
/// run it in-process on a loopback port).</summary>
public static class SiloApplication
{
    /// <summary>Default listen address (the contract later checks rely on).</summary>
    public const string DefaultUrl = "http://127.0.0.1:8008";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddClawChatSilo();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        configure?.Invoke(builder);
        var app = builder.Build();
        app.ExitWhenDeclaredDead();
        app.UseClawChatApi();
        return app;
    }
}
