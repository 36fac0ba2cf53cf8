using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>One push rule as the API shows it (spec <c>definitions/push_rule.yaml</c>).</summary>
/// <param name="RuleId">The rule's id: for <c>room</c> rules a room id, for <c>sender</c> rules a user id.</param>
/// <param name="Default">A server-default rule (<c>.m.rule.*</c>); only its <c>enabled</c> and <c>actions</c> can change.</param>
/// <param name="Actions">The JSON array of actions, as stored (legacy <c>dont_notify</c>/<c>coalesce</c> kept; evaluation ignores them).</param>
/// <param name="Conditions">The JSON array of conditions of <c>override</c>/<c>underride</c> rules; null for the other kinds.</param>
/// <param name="Pattern">The glob pattern of <c>content</c> rules; null for the other kinds.</param>
public sealed record PushRule(string RuleId, bool Default, bool Enabled, JsonElement Actions, JsonElement? Conditions, string? Pattern);
