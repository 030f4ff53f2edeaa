using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace UcPortal.Web.Hosting;

/// <summary>Settings of metrics and traces (section "Telemetry"), docs/operations.md.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Off: no meters, no traces, no scrape endpoint.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Path of the Prometheus scrape endpoint.</summary>
    public string ScrapePath { get; set; } = "/metrics";

    /// <summary>Networks (CIDR, e.g. "10.0.0.0/8") whose addresses may scrape besides loopback.</summary>
    public List<string> ScrapeNetworks { get; set; } = [];

    /// <summary>When set, a request with "Authorization: Bearer &lt;token&gt;" may scrape from any address.</summary>
    public string ScrapeToken { get; set; } = "";

    /// <summary>OTLP endpoint for traces (e.g. http://collector:4317); empty: no traces are recorded.</summary>
    public string OtlpEndpoint { get; set; } = "";
}

/// <summary>OpenTelemetry for the portal: metrics of ASP.NET Core, HttpClient, EF Core, the .NET
/// runtime and Hangfire jobs, scraped by Prometheus at <see cref="TelemetryOptions.ScrapePath"/>
/// (loopback, configured networks or a bearer token only: anything else gets the 404 of an unknown
/// address); traces of the same sources exported over OTLP when an endpoint is configured.</summary>
public static class TelemetrySetup
{
    public static void AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        if (!options.Enabled)
        {
            return;
        }
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ucportal", serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // EF Core's own meter (commands, queries, SaveChanges, compiled-query cache).
                .AddMeter("Microsoft.EntityFrameworkCore")
                .AddMeter(JobTelemetry.MeterName)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            otel.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(options.ScrapePath))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(JobTelemetry.SourceName)
                .AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint)));
        }
    }

    /// <summary>The scrape endpoint, before routing: a request that may not scrape goes on and meets the 404 of an unknown address.</summary>
    public static void UsePortalMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }
        var networks = options.ScrapeNetworks.Select(IPNetwork.Parse).ToList();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == options.ScrapePath && MetricsAccess.IsAllowed(context, networks, options.ScrapeToken));
    }
}

/// <summary>Who may read the metrics: the host itself (loopback, and not a request a proxy on the
/// host forwarded for someone else), the configured networks, or whoever holds the bearer token.</summary>
public static class MetricsAccess
{
    public static bool IsAllowed(HttpContext context, IReadOnlyList<IPNetwork> networks, string token) =>
        IsAllowed(context.Connection.RemoteIpAddress, context.Request.Headers, networks, token);

    public static bool IsAllowed(IPAddress? remote, IHeaderDictionary headers, IReadOnlyList<IPNetwork> networks, string token)
    {
        if (token.Length > 0 && headers.Authorization.ToString() is { Length: > 7 } auth
            && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicEquals(auth[7..].Trim(), token))
        {
            return true;
        }
        if (remote is null)
        {
            return false;
        }
        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }
        // A load balancer on this host forwards the public's requests from loopback: those carry
        // X-Forwarded-For (moved to X-Original-For once UseForwardedHeaders has read it).
        var forwarded = headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Original-For");
        if (IPAddress.IsLoopback(remote))
        {
            return !forwarded;
        }
        return !forwarded && networks.Any(n => n.Contains(remote));
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}

/// <summary>Hangfire has no OpenTelemetry instrumentation of its own: this server filter records a
/// span per job run (traces) and the metrics ucportal.jobs.runs and ucportal.jobs.duration, tagged with the job's class and outcome.</summary>
public sealed class JobTelemetry : JobFilterAttribute, IServerFilter
{
    public const string MeterName = "UcPortal.Jobs";
    public const string SourceName = "UcPortal.Jobs";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("ucportal.jobs.runs", unit: "{run}", description: "Hangfire job runs, by job class and outcome (succeeded, failed).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("ucportal.jobs.duration", unit: "s", description: "Hangfire job run time, by job class and outcome.");

    private static int _registered;

    /// <summary>Adds the filter to Hangfire's process-wide filters once, however many hosts the process runs.</summary>
    public static void RegisterOnce()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Hangfire.GlobalJobFilters.Filters.Add(new JobTelemetry());
        }
    }

    public void OnPerforming(PerformingContext context)
    {
        context.Items["ucportal.started"] = Stopwatch.GetTimestamp();
        var activity = Source.StartActivity("job " + JobName(context), ActivityKind.Internal);
        activity?.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        context.Items["ucportal.activity"] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        var outcome = context.Exception is null || context.ExceptionHandled ? "succeeded" : "failed";
        var job = JobName(context);
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        Runs.Add(1, tags);
        if (context.Items.TryGetValue("ucportal.started", out var started) && started is long ticks)
        {
            Duration.Record(Stopwatch.GetElapsedTime(ticks).TotalSeconds, tags);
        }
        if (context.Items.TryGetValue("ucportal.activity", out var a) && a is Activity activity)
        {
            if (outcome == "failed")
            {
                activity.SetStatus(ActivityStatusCode.Error, context.Exception?.GetType().Name);
            }
            activity.Dispose();
        }
    }

    private static string JobName(PerformContext context) => context.BackgroundJob.Job?.Type.Name ?? "unknown";
}
