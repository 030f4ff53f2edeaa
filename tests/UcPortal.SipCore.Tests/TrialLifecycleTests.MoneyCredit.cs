using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Web.Features.Plans;
using UcPortal.Web.Features.Usage;

namespace UcPortal.SipCore.Tests;

public sealed partial class TrialLifecycleTests
{
    [Fact]
    public async Task ATrialWithMoneyCredit_HasItsCallCutWhenTheMoneyRunsOut_AndIsRefusedOnceTheCallIsRated()
    {
        Directory.CreateDirectory(_folder);
        _portal = new PortalOnSipCore(Sip, _clock, _folder);
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            // The trial plan gives 6 cents of call credit; UK mobiles cost $0.60 a minute, the dearest
            // destination a GB trial may call: 6 s pushed, and the only call of a trial with two channels
            // gets half of them, 3 s (decision 017).
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var plan = await db.Plans.SingleAsync(p => p.Code == PlanCatalogSeeder.TrialCode);
            plan.TrialCreditCents = 6;
            var ukMobile = await db.CallRates.SingleAsync(r => r.Prefix == "447");
            ukMobile.PricePerMinuteMicros = 600_000;
            await db.SaveChangesAsync();
        }
        var (tenantId, domain) = await StartTrialAsync(_portal);
        await SyncAsync(tenantId);
        var password = await PasswordAsync(tenantId, "100");
        string mobile;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Tenants.SingleAsync(t => t.Id == tenantId);
            Assert.Equal(6, tenant.TrialCreditCents);
            Assert.Equal(0, tenant.TrialCreditSeconds);
            mobile = tenant.VerifiedMobileE164;
        }
        Assert.Equal(6L, Scalar("SELECT key_value::bigint FROM htable WHERE key_name = 't:' || @d || ':secs'", domain));

        // Neither phone hangs up: the SIP core's BYE ends the call at the money's worth of seconds.
        using (var carrier = Sipp.Start("carrier-answer.xml", Sip.CarrierPort, null, timeoutSeconds: 30, placeholders: AnyNumber))
        {
            var clock = Stopwatch.StartNew();
            using var caller = Sipp.Start("call-until-bye.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, mobile, "100"], timeoutSeconds: 30);
            var callerDone = await caller.WaitAsync();
            var lasted = clock.Elapsed;
            Assert.True(callerDone.Succeeded, $"caller\n{callerDone.Log}\n{KamailioTail()}");
            var carrierDone = await carrier.WaitAsync();
            Assert.True(carrierDone.Succeeded, $"carrier\n{carrierDone.Log}\n{KamailioTail()}");
            Assert.InRange(lasted.TotalSeconds, 2, 3 + 2.5);
        }

        // The import rates the call (one billed minute at $0.60) and takes it from the money credit.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = _portal.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().RunAsync(CancellationToken.None);
            if (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().CallRecords.AnyAsync(c => c.TenantId == tenantId) || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                break;
            }
            await Task.Delay(200);
        }
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var call = await db.CallRecords.SingleAsync(c => c.TenantId == tenantId);
            Assert.Equal(600_000, call.CostMicros);
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
            Assert.Equal(600_000, tenant.UsedCreditMicros);
            Assert.False(tenant.HasTrialCreditLeft);
            Assert.True(await db.TenantEvents.AnyAsync(e => e.TenantId == tenantId && e.Kind == "credit-exhausted"));
        }
        await SyncAsync(tenantId);

        Assert.Equal(0L, Scalar("SELECT key_value::bigint FROM htable WHERE key_name = 't:' || @d || ':secs'", domain));
        var refused = await Sipp.RunAsync("call-refused.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, mobile, "100"], "403",
            placeholders: new Dictionary<string, string> { ["REASON"] = "Outbound Calls Not Allowed" });
        Assert.True(refused.Succeeded, $"a call of the trial without money left was not refused\n{refused.Log}\n{KamailioTail()}");
    }
}
