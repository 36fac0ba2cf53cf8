namespace ClawChat.Runtime.Redis;

/// <summary>When <see cref="RedisClient.SetAsync"/> writes.</summary>
public enum RedisSetCondition
{
    /// <summary>Always (plain SET).</summary>
    Always,

    /// <summary>Only if the key does not exist (<c>NX</c>).</summary>
    NotExists,

    /// <summary>Only if the key exists (<c>XX</c>).</summary>
    Exists,
}
