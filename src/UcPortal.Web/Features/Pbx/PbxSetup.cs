using Microsoft.Extensions.DependencyInjection.Extensions;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Pbx;

public static class PbxSetup
{
    private const string KamailioRpcClient = "kamailio-rpc";

    public static void AddPbx(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SipCoreOptions>(builder.Configuration.GetSection(SipCoreOptions.Section));
        builder.Services.AddSingleton<SipCredentialFactory>();
        builder.Services.AddScoped<TenantPbxStateBuilder>();
        builder.Services.AddScoped<Routing.PremiumDestinationPermission>();
        builder.Services.AddScoped<SipCoreSyncJob>();
        builder.Services.AddScoped<Changes.PbxSyncStatus>();
        builder.Services.AddScoped<Extensions.ExtensionPages>();
        builder.Services.AddScoped<Extensions.ExtensionChanges>();
        builder.Services.AddScoped<RingGroups.RingGroupPages>();
        builder.Services.AddScoped<RingGroups.RingGroupChanges>();
        builder.Services.AddScoped<Schedules.SchedulePages>();
        builder.Services.AddScoped<Schedules.ScheduleChanges>();
        builder.Services.AddScoped<NumberRoutes.NumberRoutePages>();
        builder.Services.AddScoped<NumberRoutes.NumberRouteChanges>();
        builder.Services.AddScoped<Trunks.TrunkPages>();
        builder.Services.AddScoped<Trunks.TrunkChanges>();
        builder.Services.AddScoped<Attendants.AttendantPages>();
        builder.Services.AddScoped<Attendants.AttendantChanges>();
        var sipCore = builder.Configuration.GetSection(SipCoreOptions.Section).Get<SipCoreOptions>() ?? new SipCoreOptions();
        if (string.IsNullOrWhiteSpace(sipCore.ConnectionString))
        {
            // No SIP core configured: the portal keeps the configuration and says nothing is applied.
            builder.Services.AddSingleton<IPbxStateWriter, NoSipCore>();
        }
        else
        {
            if (!Uri.TryCreate(sipCore.RpcUrl, UriKind.Absolute, out var rpcUrl))
            {
                throw new InvalidOperationException("SipCore:RpcUrl must be Kamailio's JSON-RPC address (e.g. http://127.0.0.1:5071/RPC) when SipCore:ConnectionString is set.");
            }
            builder.Services.AddSingleton<IPbxStateWriter>(_ => new KamailioStateWriter(sipCore.ConnectionString, rpcUrl));
            builder.Services.AddSingleton<ICallRecordSource>(sp => new KamailioCallRecordSource(sipCore.ConnectionString, sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton<ISipRegistrations>(_ => new KamailioRegistrations(sipCore.ConnectionString));
            // The staff page of addresses blocked after failed logins (Areas/Admin SipBlocks).
            builder.Services.AddHttpClient(KamailioRpcClient, c => c.Timeout = TimeSpan.FromSeconds(10));
            // /health/ready fails while the SIP core cannot be reached (Hosting/HealthSetup).
            builder.Services.AddHttpClient(SipCoreHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));
            builder.Services.AddHealthChecks().AddCheck<SipCoreHealthCheck>("sip-core", tags: [Hosting.HealthSetup.Ready]);
            builder.Services.AddScoped<ISipSourceBlocks>(sp => new KamailioSipSourceBlocks(
                new KamailioRpc(sp.GetRequiredService<IHttpClientFactory>().CreateClient(KamailioRpcClient), rpcUrl), sp.GetRequiredService<TimeProvider>()));
        }
        builder.Services.TryAddSingleton<ISipRegistrations, NoRegistrations>();
        builder.Services.TryAddSingleton<ICallRecordSource, NoCallRecords>();
        builder.Services.TryAddSingleton<ISipSourceBlocks, NoSipSourceBlocks>();
        // Re-enqueues SIP-core syncs of tenants whose applied configuration is behind the desired one.
        builder.Services.AddRecurringJob<SipCoreReconcileJob>("sip-core-reconcile", "*/5 * * * *", (j, ct) => j.RunAsync(ct));
        // Rewrites business-hours calendars, which the SIP core holds 14 days ahead.
        builder.Services.AddRecurringJob<SipCoreReconcileJob>("sip-core-calendars", "15 0 * * *", (j, ct) => j.RefreshCalendarsAsync(ct));
    }
}
