namespace ClawChat.Runtime.Redis;

/// <summary>One page of a SCAN: the cursor to pass next (0 when the iteration is complete) and the keys found.</summary>
/// <param name="Cursor">The next cursor; 0 means done.</param>
/// <param name="Keys">Keys of this page (may be empty even when <paramref name="Cursor"/> is not 0; may repeat across pages).</param>
public readonly record struct RedisScanPage(long Cursor, string[] Keys);
