using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Web.Features.Fraud;

namespace UcPortal.SipCore.Tests;

public sealed partial class TrialLifecycleTests
{
    [Fact]
    public async Task ATrialsBurstOfShortCalls_IsBlockedByKamailio_FlaggedByThePortal_AndCallsOutAgainOnceStaffClearTheFlag()
    {
        Directory.CreateDirectory(_folder);
        _portal = new PortalOnSipCore(Sip, _clock, _folder);
        var (tenantId, domain) = await StartTrialAsync(_portal);
        await SyncAsync(tenantId);
        var password = await PasswordAsync(tenantId, "100");
        string mobile;
        int limit;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            mobile = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Tenants.Where(t => t.Id == tenantId).Select(t => t.VerifiedMobileE164).SingleAsync();
            limit = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<FraudOptions>>().Value.TrialAttemptsPerMinute;
        }

        // The portal's threshold for trials, pushed with the tenant: that many calls go out, the next is refused.
        using (var carrier = Sipp.Start("carrier-answer.xml", Sip.CarrierPort, null, calls: limit, timeoutSeconds: 60, placeholders: AnyNumber))
        {
            for (var i = 0; i < limit; i++)
            {
                var call = await Sipp.RunAsync("call.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, mobile, "100"], holdMs: 50);
                Assert.True(call.Succeeded, $"call {i + 1} of the burst\n{call.Log}\n{KamailioTail()}");
            }
            Assert.True((await carrier.WaitAsync()).Succeeded);
        }
        await BlockedAsync(domain, password, mobile);

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FraudSweepJob>().RunAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var flag = await db.FraudFlags.AsNoTracking().SingleAsync(f => f.TenantId == tenantId);
            Assert.Equal(FraudRules.Attempts, flag.Rule);
            Assert.Contains($"{limit + 1} call attempts within a minute", flag.Detail);
            Assert.True(await db.TenantEvents.AnyAsync(e => e.TenantId == tenantId && e.Kind == "fraud-flag" && e.Actor == "sip-core"));
        }
        await SyncAsync(tenantId);
        await BlockedAsync(domain, password, mobile);

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var cleared = await scope.ServiceProvider.GetRequiredService<FraudFlags>().ClearAsync(tenantId, "Customer's own test campaign", "staff:sip-test@ucportal.test", CancellationToken.None);
            Assert.True(cleared.Succeeded, cleared.Error);
        }
        await SyncAsync(tenantId);
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            // The block the sweep saw is gone: a second sweep flags nothing.
            await scope.ServiceProvider.GetRequiredService<FraudSweepJob>().RunAsync(CancellationToken.None);
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().FraudFlags.CountAsync(f => f.TenantId == tenantId));
        }

        using var carrierAgain = Sipp.Start("carrier-answer.xml", Sip.CarrierPort, null, timeoutSeconds: 15, placeholders: AnyNumber);
        var again = await Sipp.RunAsync("call.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, mobile, "100"], holdMs: 50);
        Assert.True(again.Succeeded, $"call after the flag was cleared\n{again.Log}\n{KamailioTail()}");
        Assert.True((await carrierAgain.WaitAsync()).Succeeded);
    }

    private async Task BlockedAsync(string domain, string password, string mobile)
    {
        var refused = await Sipp.RunAsync("call-refused.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, mobile, "100"], "403",
            placeholders: new Dictionary<string, string> { ["REASON"] = "Outbound Calls Blocked - Contact Support" });
        Assert.True(refused.Succeeded, $"a call of the blocked trial was not refused\n{refused.Log}\n{KamailioTail()}");
    }

    private static readonly Dictionary<string, string> AnyNumber = new()
    {
        ["DIALLED"] = "[+0-9]+",
        ["CALLER_ID"] = ".*",
        ["<!--EXTRA_CHECKS-->"] = "",
    };
}
