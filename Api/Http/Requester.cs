using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>The authenticated caller of a request: the user and the device its access token belongs to.</summary>
public sealed record Requester(UserId UserId, string DeviceId);

/// <summary>Endpoint metadata: the endpoint needs an access token (the access-token middleware
/// authenticates the request, or answers M_MISSING_TOKEN / M_UNKNOWN_TOKEN, before the handler runs).</summary>
public sealed class RequiresAccessTokenMetadata
{
    public static readonly RequiresAccessTokenMetadata Required = new(optional: false);

    public static readonly RequiresAccessTokenMetadata Optional = new(optional: true);

    private RequiresAccessTokenMetadata(bool optional)
    {
        IsOptional = optional;
    }

    /// <summary>A token is used when present but not required (e.g. <c>/versions</c>).</summary>
    public bool IsOptional { get; }
}

public static class RequesterExtensions
{
    /// <summary>The authenticated caller; throws M_MISSING_TOKEN when the request was not authenticated.</summary>
    public static Requester GetRequester(this HttpContext context) =>
        context.Features.Get<Requester>() ?? throw MatrixException.MissingToken();

    /// <summary>The caller when a token was given to an endpoint where it is optional.</summary>
    public static Requester? FindRequester(this HttpContext context) => context.Features.Get<Requester>();

    public static void SetRequester(this HttpContext context, Requester requester) => context.Features.Set(requester);

    /// <summary>Marks an endpoint as needing an access token.</summary>
    public static TBuilder RequireAccessToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(RequiresAccessTokenMetadata.Required);

    /// <summary>Marks an endpoint as using an access token when one is given.</summary>
    public static TBuilder AllowAccessToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(RequiresAccessTokenMetadata.Optional);
}
