using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Grains.Media.Preview;
using ClawChat.Runtime;
using ClawChat.Storage.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Media;

/// <summary>Registers the media repository: <see cref="MediaOptions"/> (bound from <c>ClawChat:Media</c> and
/// validated at start), <see cref="IMediaService"/>, <see cref="IUrlPreviewService"/>, and the maintenance service. Needs
/// <see cref="ClawChatOptions"/>, an <see cref="IMediaStore"/> (registered with storage) and an
/// <see cref="IGrainFactory"/>.</summary>
public static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddClawChatMedia(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new MediaContentStore(
            Media(sp).ResolveContentDirectory(Root(sp).DataDirectory),
            sp.GetRequiredService<ILogger<MediaContentStore>>()));
        services.TryAddSingleton(sp => new MediaThumbnailer(
            Media(sp).ResolveThumbnailDirectory(Root(sp).DataDirectory),
            Media(sp),
            sp.GetRequiredService<ILogger<MediaThumbnailer>>()));
        services.TryAddSingleton<IMediaService>(sp => new MediaService(
            sp.GetRequiredService<IMediaStore>(),
            sp.GetRequiredService<MediaContentStore>(),
            sp.GetRequiredService<MediaThumbnailer>(),
            sp.GetRequiredService<IGrainFactory>(),
            Root(sp),
            Media(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MediaService>>()));
        services.TryAddSingleton<IUrlPreviewService>(sp => new UrlPreviewService(Media(sp), sp.GetRequiredService<ILogger<UrlPreviewService>>()));
        services.AddHostedService(sp => new MediaMaintenanceService(
            sp.GetRequiredService<IMediaStore>(),
            sp.GetRequiredService<MediaContentStore>(),
            sp.GetRequiredService<MediaThumbnailer>(),
            Media(sp),
            sp.GetRequiredService<IMediaService>().MaxUploadBytes,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MediaMaintenanceService>>()));
        return services;
    }

    private static ClawChatOptions Root(IServiceProvider services) => services.GetRequiredService<IOptions<ClawChatOptions>>().Value;

    private static MediaOptions Media(IServiceProvider services) => services.GetRequiredService<IOptions<MediaOptions>>().Value;
}
