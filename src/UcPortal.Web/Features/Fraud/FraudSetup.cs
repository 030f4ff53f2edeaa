using Microsoft.Extensions.DependencyInjection.Extensions;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Fraud;

public static class FraudSetup
{
    public static void AddFraud(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<FraudOptions>(builder.Configuration.GetSection(FraudOptions.Section));
        builder.Services.AddScoped<FraudFlags>();
        var sipCore = builder.Configuration.GetSection(SipCoreOptions.Section).Get<SipCoreOptions>() ?? new SipCoreOptions();
        if (!string.IsNullOrWhiteSpace(sipCore.ConnectionString) && Uri.TryCreate(sipCore.RpcUrl, UriKind.Absolute, out var rpcUrl))
        {
            builder.Services.AddSingleton<ISipCoreFraudBlocks>(_ =>
                new KamailioSipCoreFraudBlocks(new KamailioRpc(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, rpcUrl)));
        }
        builder.Services.TryAddSingleton<ISipCoreFraudBlocks, NoSipCoreFraudBlocks>();
        // Flags tenants the SIP core blocked for fast fraud signals and those over a slow one (last hour's calls).
        builder.Services.AddRecurringJob<FraudSweepJob>("fraud-sweep", "* * * * *", (j, ct) => j.RunAsync(ct));
    }
}
