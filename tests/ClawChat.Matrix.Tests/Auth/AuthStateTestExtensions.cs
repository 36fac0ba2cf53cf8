using ClawChat.Matrix.Auth;

namespace ClawChat.Matrix.Tests.Auth;

internal static class AuthStateTestExtensions
{
    public static string? GetMembershipOf(this IAuthState state, string userId) => state.GetMembership(userId);
}
