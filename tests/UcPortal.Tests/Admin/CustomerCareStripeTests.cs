using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Billing;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Admin;

/// <summary>Staff cancel a Stripe subscription from the tenant page: the real Stripe.net client asks
/// the local fake of Stripe's API, and the answer is applied to the tenant.</summary>
public sealed class CustomerCareStripeTests(SqliteSyncedStripePortal fixture) : IClassFixture<SqliteSyncedStripePortal>
{
    private readonly FakeStripeServer _stripe = fixture.StripeApi;

    [Fact]
    public async Task CancellingAStripeSubscription_AtPeriodEndThenNow_AsksStripe_AndWritesOneAuditLineEach()
    {
        var portal = fixture.Portal;
        using var owner = await TenantOwner.CreateAsync(portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var subscriptionId = (string)session["subscription"]!;
        var delivered = await fixture.DeliverAsync(_stripe.EventJson("checkout.session.completed", session));
        Assert.Equal(HttpStatusCode.OK, delivered.Status);
        Assert.Equal(TenantStatus.Active, (await fixture.TenantAsync(owner.TenantId)).Status);
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var staff = portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);
        var page = $"/admin/tenants/{owner.TenantId}";
        var audits = await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == owner.TenantId));

        var atEnd = await staff.SubmitAsync(page, page + "/cancel-subscription", [new("when", "period-end")]);

        Assert.Equal(HttpStatusCode.Redirect, atEnd.StatusCode);
        Assert.Equal("true", _stripe.RequestsTo("POST", $"/v1/subscriptions/{subscriptionId}").Last().Fields["cancel_at_period_end"]);
        var tenant = await fixture.TenantAsync(owner.TenantId);
        Assert.Equal((true, TenantStatus.Active), (tenant.CancelAtPeriodEnd, tenant.Status));
        Assert.Equal(audits + 1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == owner.TenantId)));

        var now = await staff.SubmitAsync(page, page + "/cancel-subscription", [new("when", "now")]);

        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        Assert.Single(_stripe.RequestsTo("DELETE", $"/v1/subscriptions/{subscriptionId}"));
        tenant = await fixture.TenantAsync(owner.TenantId);
        Assert.Equal((TenantStatus.Suspended, SuspensionReason.Cancelled), (tenant.Status, tenant.SuspensionReason));
        Assert.Equal(audits + 2, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == owner.TenantId)));
        Assert.Equal(AuditActions.TenantSubscriptionCancelled, await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.TenantId == owner.TenantId).OrderByDescending(a => a.Id).Select(a => a.Action).FirstAsync()));
    }
}
