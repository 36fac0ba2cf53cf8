using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Runtime.Cluster.Transport.Tcp;

public static class SiloTransportServiceCollectionExtensions
{
    /// <summary>Registers <see cref="TcpSiloTransport"/> (also as <see cref="ISiloTransport"/>) with options from
    /// <c>ClawChat:Cluster:Transport</c>, validated at start. <paramref name="localSilo"/> supplies this silo's
    /// address (host, silo port, generation), typically the membership service's; the cluster id comes from
    /// <see cref="ClusterOptions"/> when registered. The transport is created on first use, so a silo port bound as
    /// 0 can be read back from Kestrel before the address is built.</summary>
    public static IServiceCollection AddTcpSiloTransport(this IServiceCollection services, Func<IServiceProvider, SiloAddress> localSilo)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(localSilo);
        services.AddOptions<SiloTransportOptions>().BindConfiguration(SiloTransportOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloTransportOptions>, SiloTransportOptionsValidator>());
        services.TryAddSingleton(provider => new TcpSiloTransport(
            localSilo(provider),
            provider.GetService<IOptions<ClusterOptions>>()?.Value.ClusterId ?? new ClusterOptions().ClusterId,
            provider.GetRequiredService<IOptions<SiloTransportOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<ISiloTransport>(provider => provider.GetRequiredService<TcpSiloTransport>());
        return services;
    }
}
