using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary><c>PUT /pushrules/global/{kind}/{ruleId}</c> after reading the body and query.</summary>
/// <param name="Actions">The body's <c>actions</c> (a JSON array; checked by the grain).</param>
/// <param name="Conditions">The body's <c>conditions</c> (override/underride only; absent = always matches).</param>
/// <param name="Pattern">The body's <c>pattern</c> (required for content rules).</param>
/// <param name="Before">Make the rule the next most important one before this user rule of the same kind.</param>
/// <param name="After">Make the rule the next less important one after this user rule of the same kind.</param>
public sealed record PutPushRuleCommand(
    PushRuleKind Kind,
    string RuleId,
    JsonElement Actions,
    JsonElement? Conditions,
    string? Pattern,
    string? Before,
    string? After);
