using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Grains.Media;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using ClawChat.Runtime.Hosting;
using ClawChat.Storage.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Grains.Tests.Media;

/// <summary>The media service over in-memory metadata, a temporary content directory and a started
/// single silo (for the upload-wait grain). No sockets, no database.</summary>
internal sealed class MediaTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly GrainSilo _silo;

    private MediaTestHost(MediaOptions media, ClawChatOptions root)
    {
        Root = root;
        Media = media;
        var services = new ServiceCollection();
        services.AddSingleton<IMediaStore>(Store);
        services.AddSingleton<TimeProvider>(Time);
        _services = services.BuildServiceProvider();
        _silo = new GrainSilo(new GrainRuntimeOptions(), _services, [GrainsAssembly.Assembly]);
        _silo.StartAsync().GetAwaiter().GetResult();
        Content = new MediaContentStore(media.ResolveContentDirectory(root.DataDirectory), NullLogger<MediaContentStore>.Instance);
        Thumbnailer = new MediaThumbnailer(media.ResolveThumbnailDirectory(root.DataDirectory), media, NullLogger<MediaThumbnailer>.Instance);
        Service = new MediaService(Store, Content, Thumbnailer, _silo.Runtime, root, media, Time, NullLogger<MediaService>.Instance);
    }

    public ClawChatOptions Root { get; }

    public MediaOptions Media { get; }

    public InMemoryMediaStore Store { get; } = new();

    public ManualTimeProvider Time { get; } = new();

    public MediaContentStore Content { get; }

    public MediaThumbnailer Thumbnailer { get; }

    public MediaService Service { get; }

    public IGrainFactory Grains => _silo.Runtime;

    public string ServerName => Root.ServerName;

    public static MediaTestHost Start(Action<MediaOptions>? configure = null, long maxRequestBytes = 10 * 1024 * 1024)
    {
        var root = new ClawChatOptions
        {
            ServerName = "media.test",
            DataDirectory = Path.Combine(Path.GetTempPath(), "clawchat-media-" + Guid.NewGuid().ToString("N")),
            MaxRequestBytes = maxRequestBytes,
        };
        var media = new MediaOptions();
        configure?.Invoke(media);
        return new MediaTestHost(media, root);
    }

    public static UserId NewUser() => UserId.Parse($"@u{Guid.NewGuid():N}:media.test");

    public static MediaUpload Upload(byte[] data, string? contentType = "application/octet-stream", string? fileName = null, bool declareLength = true) =>
        new(new MemoryStream(data), declareLength ? data.Length : null, contentType, fileName);

    /// <summary>Every content file (not temporary files, not thumbnails).</summary>
    public string[] ContentFiles() =>
        Directory.Exists(Content.ContentDirectory)
            ? Directory.GetFiles(Content.ContentDirectory, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(Content.ContentDirectory, f).StartsWith("tmp", StringComparison.Ordinal))
                .ToArray()
            : [];

    public static async Task<byte[]> ReadAllAsync(MediaContent content)
    {
        await using (content)
        {
            using var buffer = new MemoryStream();
            await content.Content.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _silo.StopAsync();
        await _services.DisposeAsync();
        Thumbnailer.Dispose();
        Store.Dispose();
        if (Directory.Exists(Root.DataDirectory))
        {
            Directory.Delete(Root.DataDirectory, recursive: true);
        }
    }
}
