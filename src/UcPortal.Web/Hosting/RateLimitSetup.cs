using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace UcPortal.Web.Hosting;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public int SignupPerIpPerHour { get; set; } = 10;
    public int LoginPerIpPer5Minutes { get; set; } = 30;

    /// <summary>"Email me this report" posts on /compare (each may send an email); the daily limits per address are in Compare.</summary>
    public int CompareReportPerIpPerHour { get; set; } = 10;

    /// <summary>A visitor's "Choose" on the trial form holds a number for 10 minutes, and a new visitor is only a
    /// new cookie away: without a limit one script could hold the whole trial pool and starve real signups.</summary>
    public int NumberHoldsPerIpPer10Minutes { get; set; } = 30;

    /// <summary>Desk phones fetching their configuration; a whole office behind one address fetches at once after a power cut.</summary>
    public int ProvisioningPerIpPer5Minutes { get; set; } = 300;
}

public static class RateLimitPolicies
{
    public const string Signup = "signup";
    public const string Login = "login";
    public const string Provisioning = "provisioning";
    public const string CompareReport = "compare-report";
    public const string NumberHold = "number-hold";
}

public static class RateLimitSetup
{
    public static void AddPortalRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        // The counters live in the portal's database, shared by every node (decision 039).
        builder.Services.AddSingleton<SharedRateLimitStore>();
        builder.Services.AddRecurringJob<RateLimitCleanupJob>(RateLimitCleanupJob.Id, "17 * * * *", (j, ct) => j.RunAsync(ct));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only form posts count: reading the signup page again is harmless.
            o.AddPolicy(RateLimitPolicies.Signup, ctx => PerClientIp(ctx, "signup", limits.SignupPerIpPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(RateLimitPolicies.CompareReport, ctx => PerClientIp(ctx, "compare-report", limits.CompareReportPerIpPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(RateLimitPolicies.NumberHold, ctx => PerClientIp(ctx, "number-hold", limits.NumberHoldsPerIpPer10Minutes, TimeSpan.FromMinutes(10)));
            o.AddPolicy(RateLimitPolicies.Login, ctx => PerClientIp(ctx, "login", limits.LoginPerIpPer5Minutes, TimeSpan.FromMinutes(5)));
            // Every request counts here, GETs included: guessing tokens is the thing to slow down.
            o.AddPolicy(RateLimitPolicies.Provisioning, ctx => Shared(ctx, $"provisioning:{ClientIp(ctx)}", limits.ProvisioningPerIpPer5Minutes, TimeSpan.FromMinutes(5)));
            o.OnRejected = async (ctx, ct) =>
            {
                var response = ctx.HttpContext.Response;
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(5);
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.ContentType = "text/html; charset=utf-8";
                var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
                await response.WriteAsync(TooManyRequestsPage(minutes), ct);
            };
        });
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext ctx, string name, int permits, TimeSpan window)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter($"{name}:read");
        }
        return Shared(ctx, $"{name}:{ClientIp(ctx)}", permits, window);
    }

    private static string ClientIp(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A fixed window counted in the database (all nodes together); the middleware keeps one
    /// limiter object per key on each node, the count is in the table.</summary>
    private static RateLimitPartition<string> Shared(HttpContext ctx, string key, int permits, TimeSpan window)
    {
        var services = ctx.RequestServices;
        return RateLimitPartition.Get(key, k => new SharedFixedWindowLimiter(
            services.GetRequiredService<SharedRateLimitStore>(), k, Math.Max(1, permits), window,
            services.GetRequiredService<ILogger<SharedRateLimitStore>>()));
    }

    private static string TooManyRequestsPage(int minutes) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Too many attempts · UcPortal</title>
        <link rel="stylesheet" href="/lib/bootstrap/css/bootstrap.min.css"><link rel="stylesheet" href="/css/site.css"></head>
        <body class="d-flex align-items-center min-vh-100 bg-body-tertiary">
        <main class="max-w-36 container text-center">
        <div class="display-6 fw-semibold mb-3">Too many attempts</div>
        <p class="lead">We received too many requests from your network in a short time, so we paused this form to protect our customers.</p>
        <p>Please try again in about {{minutes}} minute{{(minutes == 1 ? "" : "s")}}. If you share an office network with colleagues, one of them may already have started a trial for your company.</p>
        <p class="mt-4"><a class="btn btn-primary" href="/">Back to the home page</a> <a class="btn btn-outline-secondary" href="/help">Help centre</a></p>
        <p class="text-body-secondary small mt-4">HTTP 429 · Too Many Requests</p>
        </main></body></html>
        """;
}
