using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Plans;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Tests.Usage;

/// <summary>A portal of its own (the test changes the trial plan) on either database, with a list as the SIP core's records.</summary>
public class CreditPortal<TPortal> : IDisposable where TPortal : PortalFactory, new()
{
    public CreditPortal() => Portal.TestServices = s => s.AddSingleton<ICallRecordSource>(Calls);

    public ListCallRecords Calls { get; } = new();

    public TPortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

/// <summary>Trial credit as the trial plan says (decision 021): money used by the rated cost of calls out, or
/// minutes used by billed minutes; pushed to the SIP core as seconds; none left = no calls out.</summary>
public abstract class TrialCreditKindsTests(PortalFactory portal, ListCallRecords calls)
{
    [Fact]
    public async Task AMoneyTrial_IsUsedByTheRatedCostOfCallsOut_PushedAsSecondsAtTheDearestPrice_AndStopsAtZero()
    {
        // The trial plan gives $0.50. GB trial: the dearest destination it may call is a UK mobile, $0.03 a minute.
        await portal.WithDbAsync(db => db.Plans.Where(p => p.Code == PlanCatalogSeeder.TrialCode).ExecuteUpdateAsync(s => s.SetProperty(p => p.TrialCreditCents, 50)));
        try
        {
            using var owner = await TenantOwner.CreateAsync(portal);
            var tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
            Assert.Equal(50, tenant.TrialCreditCents);
            Assert.Equal(0, tenant.TrialCreditSeconds);
            Assert.Equal(50 * 60 / 3, (await StateAsync(owner.TenantId)).Flags.Limits!.OutboundSecondsLeft);
            var ready = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == owner.Email && e.Template == "trial-ready"));
            Assert.Contains("$0.50 of call credit", ready.TextBody);

            // 61 s to a UK mobile: two billed minutes, $0.06. The inbound call costs the money credit nothing.
            calls.Add(owner.SipDomain, "outbound", "100", "+447701900001", 61);
            calls.Add(owner.SipDomain, "inbound", "+447701900001", "+441130000000", 300);
            await ImportAsync();

            tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
            Assert.Equal(60_000, tenant.UsedCreditMicros);
            Assert.Equal(0, tenant.UsedCreditSeconds);
            var state = await StateAsync(owner.TenantId);
            Assert.True(state.Flags.OutboundAllowed);
            Assert.Equal(44 * 60 / 3, state.Flags.Limits!.OutboundSecondsLeft);
            var dashboard = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync("/dashboard"));
            Assert.Contains("$0.44 of $0.50 of call credit left", dashboard);
            Assert.Contains("id=\"credit-left\">$0.44<", dashboard);
            Assert.DoesNotContain("minutes left", dashboard);

            // 20 minutes: $0.60, more than is left. Calls out stop; the SIP core gets 0 s.
            calls.Add(owner.SipDomain, "outbound", "100", "+447701900001", 20 * 60);
            await ImportAsync();

            state = await StateAsync(owner.TenantId);
            Assert.False(state.Flags.OutboundAllowed);
            Assert.Equal(0, state.Flags.Limits!.OutboundSecondsLeft);
            Assert.True(await portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == owner.TenantId && e.Kind == "credit-exhausted")));
            Assert.Contains("$0.00 of $0.50 of call credit left", WebUtility.HtmlDecode(await owner.Browser.GetPageAsync("/dashboard")));
        }
        finally
        {
            await portal.WithDbAsync(db => db.Plans.Where(p => p.Code == PlanCatalogSeeder.TrialCode).ExecuteUpdateAsync(s => s.SetProperty(p => p.TrialCreditCents, 0)));
        }
    }

    [Fact]
    public async Task AMinutesTrial_IsUsedByBilledMinutes_PushedAsSeconds_AndStopsAtZero()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
        Assert.Equal(0, tenant.TrialCreditCents);
        Assert.Equal(60 * 60, tenant.TrialCreditSeconds);

        calls.Add(owner.SipDomain, "outbound", "100", "+447701900002", 61);
        await ImportAsync();

        var state = await StateAsync(owner.TenantId);
        Assert.Equal(58 * 60, state.Flags.Limits!.OutboundSecondsLeft);
        var dashboard = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync("/dashboard"));
        Assert.Contains("58 of 60 minutes left", dashboard);
        Assert.DoesNotContain("call credit left", dashboard);

        calls.Add(owner.SipDomain, "outbound", "100", "+447701900002", 58 * 60);
        await ImportAsync();

        state = await StateAsync(owner.TenantId);
        Assert.False(state.Flags.OutboundAllowed);
        Assert.Equal(0, state.Flags.Limits!.OutboundSecondsLeft);
    }

    private async Task ImportAsync()
    {
        await using var scope = portal.Scope();
        await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().RunAsync(CancellationToken.None);
    }

    private async Task<TenantPbxState> StateAsync(Guid tenantId)
    {
        await using var scope = portal.Scope();
        return (await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenantId, CancellationToken.None))!;
    }
}

public sealed class TrialCreditKindsSqliteTests(CreditPortal<SqlitePortal> fixture)
    : TrialCreditKindsTests(fixture.Portal, fixture.Calls), IClassFixture<CreditPortal<SqlitePortal>>;

public sealed class TrialCreditKindsPostgresTests(CreditPortal<PostgresPortal> fixture)
    : TrialCreditKindsTests(fixture.Portal, fixture.Calls), IClassFixture<CreditPortal<PostgresPortal>>;
