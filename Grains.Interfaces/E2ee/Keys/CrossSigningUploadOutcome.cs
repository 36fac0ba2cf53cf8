namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>What <see cref="IUserKeysGrain.UploadCrossSigningKeysAsync"/> did with valid keys.</summary>
public enum CrossSigningUploadOutcome
{
    /// <summary>The keys are stored (or were already stored exactly so).</summary>
    Stored,

    /// <summary>Nothing changed: the keys would replace stored ones, which needs user-interactive authentication
    /// first (DIGEST §12.6). Retry with <c>authenticated: true</c> once the requester passed it.</summary>
    AuthRequired,
}
