using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;
using UcPortal.Tests.Usage;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Tests.Fraud;

/// <summary>The balance the SIP core holds calls to: a trial's credit left, a paid tenant's daily spending cap
/// (its plan's, or one staff set) less today's rated calls, in seconds at the price per minute.</summary>
public sealed class SpendCapTests(UsagePortal fixture) : IClassFixture<UsagePortal>
{
    [Fact]
    public async Task ATrial_IsHeldToTheSecondsOfCreditItHasLeft()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        fixture.Calls.Add(owner.SipDomain, "outbound", "100", "+447700900123", 61);
        await ImportAsync();

        var tenant = await fixture.Portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
        Assert.Equal(tenant.TrialCreditSeconds - 120, (await StateAsync(owner.TenantId)).Flags.Limits!.OutboundSecondsLeft);
    }

    [Fact]
    public async Task APaidTenant_IsHeldToItsDailyCap_AndStaffRaisingItIsAuditedAndMovesTheBalance()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        await fixture.Portal.WithDbAsync(async db =>
        {
            var starter = await db.Plans.SingleAsync(p => p.Code == "starter");
            return await db.Tenants.Where(t => t.Id == owner.TenantId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Active).SetProperty(t => t.PlanId, starter.Id));
        });
        fixture.Calls.Add(owner.SipDomain, "outbound", "100", "+447700900123", 10 * 60, DateTime.UtcNow.AddMinutes(-1));
        await ImportAsync();

        // Starter: 20.00 a day; 10 minutes to a UK mobile at the rate table's 0.03 cost 0.30: 19.70 left, priced at
        // the dearest destination a UK Starter tenant may call (UK mobile, 0.03 a minute; premium, satellite and
        // international are refused to it) = 656.67 minutes.
        Assert.Equal(1970 * 60 / 3, (await StateAsync(owner.TenantId)).Flags.Limits!.OutboundSecondsLeft);

        var email = await Staff.CreateAsync(fixture.Portal, StaffRoles.Support);
        using var staff = fixture.Portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);
        var page = $"/admin/tenants/{owner.TenantId}";
        var refused = await staff.SubmitAsync(page, $"{page}/daily-spend-cap", [new("dailyCap", "lots")]);
        var shownRefusal = WebUtility.HtmlDecode(await staff.GetPageAsync(page));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("Enter an amount between 0.01 and", shownRefusal);
        Assert.Null(await fixture.Portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.DailySpendCapCents).SingleAsync()));
        Assert.False(await fixture.Portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.TenantId == owner.TenantId && a.Action == AuditActions.TenantSpendCap)));

        var raised = await staff.SubmitAsync(page, $"{page}/daily-spend-cap", [new("dailyCap", "50")]);

        // 50.00 less 0.30 at 0.03 a minute: 1,656.67 minutes.
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        Assert.Equal(4970 * 60 / 3, (await StateAsync(owner.TenantId)).Flags.Limits!.OutboundSecondsLeft);
        var line = await fixture.Portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().SingleAsync(e => e.TenantId == owner.TenantId && e.Kind == "spend-cap"));
        Assert.Equal("staff:" + email, line.Actor);
        var audit = await fixture.Portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.TenantId == owner.TenantId && a.Action == AuditActions.TenantSpendCap));
        Assert.Equal(email, audit.Actor);
        Assert.StartsWith("Daily spending cap set to 50.00 USD", audit.Detail);
        Assert.Contains("Daily spending cap set to 50.00 USD (plan: 20.00 USD)", line.Message);
        Assert.True(await fixture.Portal.WithDbAsync(db => db.ConfigChanges.AnyAsync(c => c.TenantId == owner.TenantId && c.Actor == "staff:" + email)));
        Assert.Contains("(set by staff)", WebUtility.HtmlDecode(await staff.GetPageAsync(page)));
    }

    private async Task ImportAsync()
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().RunAsync(CancellationToken.None);
    }

    private async Task<TenantPbxState> StateAsync(Guid tenantId)
    {
        await using var scope = fixture.Portal.Scope();
        return (await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenantId, CancellationToken.None))!;
    }
}
