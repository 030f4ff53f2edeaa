using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Billing;

public sealed class StripeOptions
{
    public const string Section = "Stripe";
    public string SecretKey { get; set; } = "";
    /// <summary>The webhook endpoint's signing secret (whsec_…).</summary>
    public string WebhookSecret { get; set; } = "";
    /// <summary>Stripe's API address; tests point it at a local server that speaks Stripe's API.</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";
    /// <summary>Webhook events older than this (by their signed timestamp) are refused.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;
}

public sealed class BillingOptions
{
    public const string Section = "Billing";
    /// <summary>Use the built-in test-mode provider. The default whenever no Stripe key is set
    /// outside Production; Production refuses to start without keys unless this is set.</summary>
    public bool TestMode { get; set; }
}

/// <summary>Which payments this process runs, for the pages: outside Development, test mode is
/// announced on every page (nobody is charged, so nobody may think they were).</summary>
public sealed record BillingMode(bool IsTestMode, bool Announce)
{
    public bool ShowsTestModeBanner => IsTestMode && Announce;
}

/// <summary>Logs once at start that a non-Development portal takes no real payments.</summary>
internal sealed class TestModeStartupWarning(ILogger<TestModeStartupWarning> log, IHostEnvironment env) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        log.LogWarning("Billing:TestMode is on in {Environment}: payments are simulated, nobody is charged, and every page shows a test-mode banner.", env.EnvironmentName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class BillingSetup
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<StripeOptions>(builder.Configuration.GetSection(StripeOptions.Section));
        services.Configure<BillingOptions>(builder.Configuration.GetSection(BillingOptions.Section));

        var stripeKey = builder.Configuration[$"{StripeOptions.Section}:SecretKey"];
        var testMode = builder.Configuration.GetValue<bool>($"{BillingOptions.Section}:TestMode");
        var useStripe = !string.IsNullOrWhiteSpace(stripeKey) && !testMode;
        if (useStripe)
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration[$"{StripeOptions.Section}:WebhookSecret"]))
            {
                throw new InvalidOperationException("Stripe:WebhookSecret (whsec_…) is required with Stripe:SecretKey: without it no webhook can be verified.");
            }
            // One client per process: it holds the HTTP connection pool. No static StripeConfiguration.
            services.AddSingleton(sp => StripePaymentProvider.CreateClient(sp.GetRequiredService<IOptions<StripeOptions>>().Value));
            services.AddScoped<IPaymentProvider, StripePaymentProvider>();
            // The test mode's own checkout and portal pages: 404.
            services.Configure<MvcOptions>(o => o.Conventions.Add(new WithoutController(typeof(TestModeCheckoutController))));
        }
        else if (builder.Environment.IsProduction() && !testMode)
        {
            throw new InvalidOperationException(
                "No Stripe:SecretKey is configured. Set Stripe:SecretKey and Stripe:WebhookSecret, or set Billing:TestMode=true to run with the built-in test-mode payments (nobody is charged).");
        }
        else
        {
            // Test mode: one provider instance per scope, reachable both as itself (its checkout and
            // portal pages use its test-only calls) and as the IPaymentProvider everything else uses.
            services.AddScoped<TestModePaymentProvider>();
            services.AddScoped<IPaymentProvider>(sp => sp.GetRequiredService<TestModePaymentProvider>());
            services.AddScoped<TestModeWebhooks>();
            services.AddScoped<TestModeCheckout>();
        }

        var mode = new BillingMode(IsTestMode: !useStripe, Announce: !builder.Environment.IsDevelopment());
        services.AddSingleton(mode);
        if (mode.ShowsTestModeBanner)
        {
            services.AddHostedService<TestModeStartupWarning>();
        }

        if (!useStripe)
        {
            // Without Stripe there is no webhook to receive: /webhooks/stripe answers 404.
            services.Configure<MvcOptions>(o => o.Conventions.Add(new WithoutController(typeof(StripeWebhookController))));
        }

        services.AddScoped<BillingEventProcessor>();
        services.AddScoped<TenantBilling>();
        services.AddScoped<SyncPlans>();
        services.AddScoped<StartCheckout>();

        // The billing pages.
        services.AddScoped<BillingPages>();
        services.AddScoped<ChangePlan>();
        services.AddScoped<SetCancelAtPeriodEnd>();
        services.AddScoped<AddNumbers>();
        services.AddScoped<ReleaseNumber>();

        // The billing sweeps, with their place in the DailyLifecycleSweep (the ladder: docs/decisions/011).
        // Corrects every subscription from the provider's copy and records recent invoices (missed webhooks).
        services.AddRecurringJob<BillingReconciliationJob>(BillingReconciliationJob.Id, "0 2 * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 1);
        // Suspends paid tenants whose subscription was set to cancel and whose paid period is over.
        services.AddRecurringJob<SubscriptionEndJob>(SubscriptionEndJob.Id, "5 * * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 2);
        // Dunning of past-due tenants: emails on days 1/3/7, suspension on day 7, cancellation on day 14.
        services.AddRecurringJob<DunningJob>(DunningJob.Id, "15 * * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 4);
    }
}

/// <summary>Leaves one controller out of the app's routes.</summary>
internal sealed class WithoutController(Type controller) : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        foreach (var model in application.Controllers.Where(c => c.ControllerType.AsType() == controller).ToList())
        {
            application.Controllers.Remove(model);
        }
    }
}
