using ClawChat.Matrix.Identifiers;

namespace ClawChat.Grains.Interfaces.Media;

/// <summary>Answer of <c>POST /_matrix/media/v1/create</c>.</summary>
/// <param name="ContentUri">Where the content will be, once uploaded.</param>
/// <param name="UnusedExpiresAt">When the id expires unless content is uploaded, ms since the Unix epoch.</param>
public sealed record MediaCreated(MxcUri ContentUri, long UnusedExpiresAt);
