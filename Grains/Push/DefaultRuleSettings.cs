using System.Text.Json;

namespace ClawChat.Grains.Push;

/// <summary>The user's changes to one server-default rule; null fields keep the spec's value.</summary>
public sealed record DefaultRuleSettings(bool? Enabled, JsonElement? Actions);
