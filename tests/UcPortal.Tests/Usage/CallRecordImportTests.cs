using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Tests.Usage;

/// <summary>A SIP core's accounting, as a list the test fills.</summary>
public sealed class ListCallRecords : ICallRecordSource
{
    private readonly List<SipCallRecord> _records = [];
    private long _next = 1000;

    private readonly HashSet<long> _inProgress = [];

    public SipCallRecord Add(string domain, string direction, string from, string to, int seconds, DateTime? at = null, bool inProgress = false)
    {
        lock (_records)
        {
            var r = new SipCallRecord(++_next, Guid.NewGuid().ToString("N"), domain, direction, from, to, at ?? DateTime.UtcNow.AddMinutes(-5), seconds, seconds > 0 ? "answered" : "no-answer");
            _records.Add(r);
            if (inProgress)
            {
                _inProgress.Add(r.SourceId);
            }
            return r;
        }
    }

    public void End(SipCallRecord call)
    {
        lock (_records)
        {
            _inProgress.Remove(call.SourceId);
        }
    }

    public Task<CallRecordPage> ReadAfterAsync(long position, int max, CancellationToken ct)
    {
        lock (_records)
        {
            var page = _records.Where(r => r.SourceId > position).OrderBy(r => r.SourceId).Take(max).ToList();
            return Task.FromResult(new CallRecordPage(
                page.Where(r => !_inProgress.Contains(r.SourceId)).ToList(),
                page.Count == 0 ? null : page[^1].SourceId,
                page.Where(r => _inProgress.Contains(r.SourceId)).Select(r => (long?)r.SourceId).FirstOrDefault()));
        }
    }
}

public sealed class UsagePortal : IDisposable
{
    public UsagePortal() => Portal.TestServices = s => s.AddSingleton<ICallRecordSource>(Calls);

    public ListCallRecords Calls { get; } = new();

    public SqlitePortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

public sealed class CallRecordImportTests(UsagePortal fixture) : IClassFixture<UsagePortal>
{
    [Fact]
    public async Task Importing_IsIdempotent_AndBillsExternalCallsByTheStartedMinute()
    {
        var (tenant, _) = await NewTrialAsync();
        fixture.Calls.Add(tenant.SipDomain, "internal", "100", "101", 300);
        fixture.Calls.Add(tenant.SipDomain, "inbound", "+447701900001", "+12125550100", 61);
        fixture.Calls.Add(tenant.SipDomain, "outbound", "100", "+447701900001", 30);
        fixture.Calls.Add(tenant.SipDomain, "outbound", "100", "+447701900001", 0);

        await ImportAsync();
        await ImportAsync();

        var records = await fixture.Portal.WithDbAsync(db => db.CallRecords.AsNoTracking().Where(r => r.TenantId == tenant.Id).OrderBy(r => r.SourceId).ToListAsync());
        Assert.Equal(4, records.Count);
        Assert.Equal([0, 120, 60, 0], records.Select(r => r.BilledSeconds));
        var after = await fixture.Portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.Id));
        Assert.Equal(180, after.UsedCreditSeconds);
    }

    [Fact]
    public async Task ACallStillInProgress_DoesNotHoldBackLaterCalls_AndIsImportedWhenItEnds()
    {
        var (tenant, _) = await NewTrialAsync();
        var longCall = fixture.Calls.Add(tenant.SipDomain, "inbound", "+447701900002", "+12125550100", 3600, inProgress: true);
        var shortCall = fixture.Calls.Add(tenant.SipDomain, "internal", "100", "101", 30);

        await ImportAsync();
        var whileTalking = await fixture.Portal.WithDbAsync(db => db.CallRecords.AsNoTracking().Where(r => r.TenantId == tenant.Id).Select(r => r.SourceId).ToListAsync());
        fixture.Calls.End(longCall);
        await ImportAsync();
        var afterwards = await fixture.Portal.WithDbAsync(db => db.CallRecords.AsNoTracking().Where(r => r.TenantId == tenant.Id).Select(r => r.SourceId).ToListAsync());

        Assert.Equal([shortCall.SourceId], whileTalking);
        Assert.Equal([longCall.SourceId, shortCall.SourceId], afterwards.Order());
    }

    [Fact]
    public async Task WhenTrialCreditRunsOut_OutboundCallsStop_AndTheSipCoreIsResynced()
    {
        var (tenant, _) = await NewTrialAsync();
        fixture.Calls.Add(tenant.SipDomain, "outbound", "100", "+447701900001", 59 * 60 + 1);

        await ImportAsync();

        await using var scope = fixture.Portal.Scope();
        var state = await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenant.Id, CancellationToken.None);
        Assert.False(state!.Flags.OutboundAllowed);
        var change = await fixture.Portal.WithDbAsync(db => db.ConfigChanges.AsNoTracking().SingleAsync(c => c.TenantId == tenant.Id && c.Actor == "job:call-record-import"));
        Assert.Contains("credit used up", change.Description);
        Assert.True(await fixture.Portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == tenant.Id && e.Kind == "credit-exhausted")));
    }

    [Fact]
    public async Task TheUsagePage_ShowsTheTenantsOwnCalls_AndExportsThemAsCsv()
    {
        var (mine, browser) = await NewTrialAsync();
        var (theirs, other) = await NewTrialAsync();
        using (browser)
        using (other)
        {
            fixture.Calls.Add(mine.SipDomain, "outbound", "100", "+447701900777", 90);
            fixture.Calls.Add(theirs.SipDomain, "outbound", "100", "+447701900888", 90);
            await ImportAsync();

            var page = WebUtility.HtmlDecode(await browser.GetPageAsync("/pbx/usage"));
            var csv = await (await browser.GetAsync("/pbx/usage/calls.csv")).Content.ReadAsStringAsync();
            var filtered = WebUtility.HtmlDecode(await browser.GetPageAsync("/pbx/usage?number=nothing-like-this"));

            Assert.Contains("+447701900777", page);
            Assert.DoesNotContain("+447701900888", page);
            Assert.Contains("data-chart=", page);
            Assert.StartsWith("started_utc,direction,from,to,duration_seconds,billed_seconds,disposition,destination_class,rate_prefix,cost\n", csv);
            // Seeded rate: UK mobile (+447) 0.03 a minute, two minutes billed.
            Assert.Contains(",outbound,100,+447701900777,90,120,answered,domestic mobile,447,0.0600", csv);
            Assert.Contains("0.0600", page);
            Assert.DoesNotContain("+447701900888", csv);
            Assert.Contains("No calls in this period.", filtered);
        }
    }

    [Fact]
    public async Task Calls_AreRatedByTheLongestPrefix_EmergencyCallsAreFree_AndKeepTheirKind()
    {
        var (tenant, browser) = await NewTrialAsync();
        using (browser)
        {
            fixture.Calls.Add(tenant.SipDomain, "outbound", "100", "+442079460123", 61);   // UK fixed: +44 at 0.012
            fixture.Calls.Add(tenant.SipDomain, "outbound", "100", "+447400123456", 30);   // UK mobile: +447 at 0.03
            fixture.Calls.Add(tenant.SipDomain, "emergency", "100", "999", 600);
            fixture.Calls.Add(tenant.SipDomain, "inbound", "+13105550123", "100", 60);

            await ImportAsync();

            var records = await fixture.Portal.WithDbAsync(db => db.CallRecords.AsNoTracking().Where(r => r.TenantId == tenant.Id).OrderBy(r => r.SourceId).ToListAsync());
            Assert.Equal(
                [
                    (CallDirection.Outbound, (DestinationClass?)DestinationClass.DomesticFixed, "44", 24_000L),
                    (CallDirection.Outbound, DestinationClass.DomesticMobile, "447", 30_000L),
                    (CallDirection.Emergency, DestinationClass.Emergency, null, 0L),
                    (CallDirection.Inbound, null, null, 0L),
                ],
                records.Select(r => (r.Direction, r.DestinationClass, r.RatePrefix, r.CostMicros)));
            // Only the two outbound calls (2 + 1 minutes) and the inbound minute use credit, never the emergency call.
            var used = await fixture.Portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.UsedCreditSeconds).SingleAsync());
            Assert.Equal(240, used);
        }
    }

    [Fact]
    public async Task TheUsagePage_NeedsASignedInCustomer()
    {
        using var anonymous = fixture.Portal.CreateBrowser();

        var response = await anonymous.GetAsync("/pbx/usage");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    private async Task<(Tenant Tenant, PortalBrowser Browser)> NewTrialAsync()
    {
        var browser = fixture.Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(fixture.Portal, browser);
        await TrialJourney.ProvisionAsync(fixture.Portal, signup.Id);
        // Destination classes are seen from the tenant's country: these tests dial UK numbers as a UK tenant.
        await fixture.Portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == signup.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.Country, "GB")));
        var tenant = await fixture.Portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == signup.Id));
        return (tenant, browser);
    }

    private async Task ImportAsync()
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().RunAsync(CancellationToken.None);
    }
}
