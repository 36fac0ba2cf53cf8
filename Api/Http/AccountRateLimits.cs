using System.Threading.RateLimiting;
using ClawChat.Matrix.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClawChat.Api.Http;

/// <summary>The rate-limit policies of the account endpoints (<see cref="RateLimitOptions"/>), on the built-in
/// <c>Microsoft.AspNetCore.RateLimiting</c> middleware; rejections are 429 M_LIMIT_EXCEEDED with
/// <c>retry_after_ms</c> and a Retry-After header.</summary>
public static class AccountRateLimits
{
    public const string LoginPolicy = "clawchat-login";
    public const string RegisterPolicy = "clawchat-register";

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retryMs = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? Math.Max(1, (long)Math.Ceiling(retry.TotalMilliseconds))
                    : 1000;
                return new ValueTask(MatrixErrorWriter.WriteAsync(rejected.HttpContext, MatrixException.LimitExceeded(retryMs)));
            };
            limiter.AddPolicy(LoginPolicy, context => Partition(context, options => options.Login));
            limiter.AddPolicy(RegisterPolicy, context => Partition(context, options => options.Register));
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Func<RateLimitOptions, RateLimitRule> rule)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var bucket = rule(options);
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter(ip, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / bucket.PerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
