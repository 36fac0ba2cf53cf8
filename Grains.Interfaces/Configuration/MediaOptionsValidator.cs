using System.Net;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Validates <see cref="MediaOptions"/> at start-up; each message names the key and the bad value.</summary>
public sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    /// <summary>The media wait runs inside one grain call whose response timeout is fixed at 2 minutes.</summary>
    public static readonly TimeSpan MaxUploadWaitLimit = TimeSpan.FromSeconds(90);

    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Path(errors, nameof(options.ContentDirectory), options.ContentDirectory);
        Path(errors, nameof(options.ThumbnailDirectory), options.ThumbnailDirectory);
        if (options.MaxUploadBytes is { } max && max < 1)
        {
            errors.Add($"ClawChat:Media:MaxUploadBytes must be positive (got {max}).");
        }

        if (options.MaxConcurrentThumbnails is < 1 or > 64)
        {
            errors.Add($"ClawChat:Media:MaxConcurrentThumbnails must be between 1 and 64 (got {options.MaxConcurrentThumbnails}).");
        }

        if (options.ThumbnailQueueTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ClawChat:Media:ThumbnailQueueTimeout must be positive (got {options.ThumbnailQueueTimeout}).");
        }

        if (options.MaxThumbnailPixels < 1)
        {
            errors.Add($"ClawChat:Media:MaxThumbnailPixels must be positive (got {options.MaxThumbnailPixels}).");
        }

        if (options.MaxCachedThumbnailsPerContent < 0)
        {
            errors.Add($"ClawChat:Media:MaxCachedThumbnailsPerContent must not be negative (got {options.MaxCachedThumbnailsPerContent}).");
        }

        if (options.MaxUploadWait < TimeSpan.Zero || options.MaxUploadWait > MaxUploadWaitLimit)
        {
            errors.Add($"ClawChat:Media:MaxUploadWait must be between 0 and {MaxUploadWaitLimit} (got {options.MaxUploadWait}).");
        }

        if (options.UnusedExpiry <= TimeSpan.Zero)
        {
            errors.Add($"ClawChat:Media:UnusedExpiry must be positive (got {options.UnusedExpiry}).");
        }

        if (options.MaxPendingUploadsPerUser < 1)
        {
            errors.Add($"ClawChat:Media:MaxPendingUploadsPerUser must be at least 1 (got {options.MaxPendingUploadsPerUser}).");
        }

        var preview = options.UrlPreview;
        if (preview.MaxBytes < 1024)
        {
            errors.Add($"ClawChat:Media:UrlPreview:MaxBytes must be at least 1024 (got {preview.MaxBytes}).");
        }

        if (preview.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"ClawChat:Media:UrlPreview:Timeout must be positive (got {preview.Timeout}).");
        }

        foreach (var network in preview.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                errors.Add($"ClawChat:Media:UrlPreview:AllowedNetworks entry '{network}' is not a CIDR range such as 10.0.0.0/8.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Path(List<string> errors, string key, string? value)
    {
        if (value is not null && (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"ClawChat:Media:{key} '{value}' is not a valid path; remove it to use the default.");
        }
    }
}
