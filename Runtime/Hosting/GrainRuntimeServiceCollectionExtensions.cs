using System.Reflection;
using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Runtime;

/// <summary>Registers a silo in a generic host.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime, hosting the grain classes of <paramref name="grainAssemblies"/>.
    /// Options bind from <c>ClawChat:Runtime</c> and are validated at start-up. Register storage
    /// before this call so its migrations run before the silo starts.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, params Assembly[] grainAssemblies)
    {
        services.AddOptions<GrainRuntimeOptions>().BindConfiguration("ClawChat:Runtime").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMemoryPressureProbe, GcMemoryPressureProbe>();
        services.AddSingleton(sp => new GrainSilo(
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value,
            sp,
            grainAssemblies,
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IMemoryPressureProbe>(),
            sp.GetService<ClawChat.Runtime.Cluster.ClusterComponents>()));
        services.AddSingleton(sp => sp.GetRequiredService<GrainSilo>().Runtime);
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainSilo>().Runtime);
        services.AddHostedService<GrainSiloHostedService>();
        return services;
    }

    private sealed class GrainSiloHostedService(GrainSilo silo) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
    }
}
