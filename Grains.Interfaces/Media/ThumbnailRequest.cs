namespace ClawChat.Grains.Interfaces.Media;

/// <summary>A thumbnail request's parameters (already validated as positive).</summary>
/// <param name="Width">Desired width in pixels.</param>
/// <param name="Height">Desired height in pixels.</param>
/// <param name="Method">Scale (fit) or crop (fill).</param>
/// <param name="Animated">The client's <c>animated</c> preference: true asks for animation when the source has
/// it; false and null forbid it (the spec: MUST NOT / SHOULD NOT).</param>
public sealed record ThumbnailRequest(int Width, int Height, ThumbnailMethod Method, bool? Animated);
