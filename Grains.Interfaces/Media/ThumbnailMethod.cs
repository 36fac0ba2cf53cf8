namespace ClawChat.Grains.Interfaces.Media;

/// <summary>The spec's thumbnail methods.</summary>
public enum ThumbnailMethod
{
    /// <summary>Fit inside the requested box, keeping the original aspect ratio.</summary>
    Scale,

    /// <summary>Fill the requested box exactly, cutting the overflow around the centre.</summary>
    Crop,
}
