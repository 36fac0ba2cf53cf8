using System.Text.Json;

namespace ClawChat.Grains.Push;

/// <summary>A user-defined rule as persisted: <see cref="Conditions"/> only for override/underride rules,
/// <see cref="Pattern"/> only for content rules.</summary>
public sealed record StoredPushRule(string RuleId, bool Enabled, JsonElement Actions, JsonElement? Conditions, string? Pattern);
