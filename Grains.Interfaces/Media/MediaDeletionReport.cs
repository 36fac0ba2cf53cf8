namespace ClawChat.Grains.Interfaces.Media;

/// <summary>What <see cref="IMediaService.DeleteUserMediaAsync"/> removed.</summary>
/// <param name="MediaDeleted">Media records (mxc URIs) deleted.</param>
/// <param name="ContentFilesDeleted">Content files deleted because nothing referenced them any more.</param>
public sealed record MediaDeletionReport(int MediaDeleted, int ContentFilesDeleted);
