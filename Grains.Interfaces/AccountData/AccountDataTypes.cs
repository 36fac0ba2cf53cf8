namespace ClawChat.Grains.Interfaces.AccountData;

/// <summary>Account-data event types the server interprets (DIGEST §16).</summary>
public static class AccountDataTypes
{
    /// <summary>Room account data written by <c>/read_markers</c>; clients cannot set it directly (405 M_BAD_JSON).</summary>
    public const string FullyRead = "m.fully_read";

    /// <summary>Global account data mirrored from the push rules; clients cannot set it directly (405 M_BAD_JSON).</summary>
    public const string PushRules = "m.push_rules";

    /// <summary>Room tags, <c>{"tags": {tag: {order?}}}</c>.</summary>
    public const string Tag = "m.tag";

    /// <summary><c>{"ignored_users": {user_id: {}}}</c>: their events and invites are hidden.</summary>
    public const string IgnoredUserList = "m.ignored_user_list";

    /// <summary>Whether clients may not write this type through the account-data API.</summary>
    public static bool IsServerManaged(string type) => type is FullyRead or PushRules;
}
