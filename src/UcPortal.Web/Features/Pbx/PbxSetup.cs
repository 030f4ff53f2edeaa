using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Web.Features.Pbx;

public static class PbxSetup
{
    public static void AddPbx(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SipCoreOptions>(builder.Configuration.GetSection(SipCoreOptions.Section));
        builder.Services.AddScoped<PbxChangeRecorder>();
        builder.Services.AddScoped<TenantPbxStateBuilder>();
        builder.Services.AddScoped<SipCoreSyncJob>();
        builder.Services.AddScoped<SipCoreReconcileJob>();
        builder.Services.AddScoped<PbxAccess>();
        builder.Services.AddScoped<PbxUnitOfWork>();
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
        // REVIEW: the Kamailio writer is registered here when SipCore:ConnectionString is set (issue 3, in progress).
        builder.Services.AddSingleton<IPbxStateWriter, NoSipCore>();
    }
}
