using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Billing;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;
using UcPortal.Web.Features.Trials;

namespace UcPortal.Tests.Admin;

/// <summary>The staff tenant page ("customer 360") and its actions: each changes what it says and
/// writes exactly one audit line; "view as customer" shows the customer's pages and cannot change
/// anything; a trial whose provisioning keeps failing shows its attempts, alerts staff, and staff retry it.</summary>
public abstract class CustomerCareTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task TheTenantPage_ShowsCardsForEverything_AndATimelineFromEveryRecord()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        var extension = await owner.ExtensionAsync(portal, "102");
        // As if the trial had started a while ago: the owner's own signup lines are not in the same
        // moment as their change below (lines of one cause within 2 s are shown as one).
        await portal.WithDbAsync(db => db.TenantEvents.Where(e => e.TenantId == owner.TenantId && e.Actor == owner.Email)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.AtUtc, e => e.AtUtc.AddMinutes(-10))));
        await owner.Browser.SubmitAsync("/pbx/extensions", $"/pbx/extensions/{extension.Id}/reset-password", []);

        var page = WebUtility.HtmlDecode(await staff.GetPageAsync(Page(owner)));

        foreach (var card in new[] { "at-a-glance", "account", "phone-system", "actions", "recent-calls", "invoices", "emails", "timeline", "tenant-tickets", "call-limits" })
        {
            Assert.Contains($"id=\"{card}\"", page);
        }
        Assert.Contains("data-extension=\"100\"", page);
        Assert.Contains("no SIP core connected", page);
        // The timeline reads the history, the PBX change log and the outbox; the PBX change made
        // with a history line (provisioning) is shown once, on that line.
        Assert.Contains("data-source=\"History\"", page);
        Assert.Contains("data-source=\"Configuration\"", page);
        Assert.Contains("Extension 102: SIP password reset", page);
        Assert.DoesNotContain("Trial set up: 3 extensions", page);
        Assert.Contains("Trial provisioned:", page);
        Assert.Contains("data-source=\"Email\"", page);
        Assert.Contains("template trial-ready", page);
    }

    [Fact]
    public async Task AddTrialCredit_AddsTheMinutes_TellsTheSipCore_AndWritesOneAuditLine()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        var before = await TenantAsync(owner);
        var (audits, changes) = (await AuditCountAsync(owner), await ChangeCountAsync(owner));

        var response = await staff.SubmitAsync(Page(owner), Page(owner) + "/add-credit", [new("minutes", "45"), new("reason", "Porting delay")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await TenantAsync(owner);
        Assert.Equal(before.TrialCreditSeconds + 45 * 60, after.TrialCreditSeconds);
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
        Assert.Equal(changes + 1, await ChangeCountAsync(owner));
        var line = await LastAuditAsync(owner);
        Assert.Equal(AuditActions.TenantAddTrialCredit, line.Action);
        Assert.Contains("Porting delay", line.Detail);
        var page = WebUtility.HtmlDecode(await staff.GetPageAsync(Page(owner)));
        Assert.Contains($"Trial credit added: 45 min ({after.CreditMinutesLeft} of {after.TrialCreditSeconds / 60} minutes left now).", page);
        // The history line and the audit line are one timeline entry, tagged with the action.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "Porting delay: Trial credit added"));
        Assert.Contains($"data-staff-action>{AuditActions.TenantAddTrialCredit}<", page);

        var refused = await staff.SubmitAsync(Page(owner), Page(owner) + "/add-credit", [new("minutes", "0")]);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(after.TrialCreditSeconds, (await TenantAsync(owner)).TrialCreditSeconds);
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
    }

    [Fact]
    public async Task AddTrialCredit_ToAMoneyTrial_AddsMoney_NotMinutes_AndWritesOneAuditLine()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        await portal.WithDbAsync(async db =>
        {
            var t = await db.Tenants.SingleAsync(x => x.Id == owner.TenantId);
            (t.TrialCreditCents, t.TrialCreditSeconds, t.UsedCreditMicros) = (500, 0, 4_000_000);
            await db.SaveChangesAsync();
            return 0;
        });
        var audits = await AuditCountAsync(owner);
        Assert.Contains("name=\"amount\"", await staff.GetPageAsync(Page(owner)));

        var response = await staff.SubmitAsync(Page(owner), Page(owner) + "/add-credit", [new("amount", "2.50"), new("minutes", "45"), new("reason", "Demo call")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await TenantAsync(owner);
        Assert.Equal((750, 0), (after.TrialCreditCents, after.TrialCreditSeconds));
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
        var page = WebUtility.HtmlDecode(await staff.GetPageAsync(Page(owner)));
        Assert.Contains("Trial credit added: $2.50 ($3.50 of $7.50 of call credit left now).", page);

        foreach (var bad in new[] { "0", "-1", "50.01", "abc" })
        {
            await staff.SubmitAsync(Page(owner), Page(owner) + "/add-credit", [new("amount", bad)]);
        }
        Assert.Equal(750, (await TenantAsync(owner)).TrialCreditCents);
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
    }

    [Fact]
    public async Task ResendEmail_QueuesTheSameEmailAgain_AndWritesOneAuditLine()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        var original = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.TenantId == owner.TenantId && e.Template == "trial-ready"));
        var audits = await AuditCountAsync(owner);

        var response = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/emails/{original.Id}/resend", []);
        var twice = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/emails/{original.Id}/resend", []);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (response.StatusCode, twice.StatusCode));
        var copies = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.TenantId == owner.TenantId && e.Template == "trial-ready").ToListAsync());
        Assert.Equal(2, copies.Count);
        var copy = copies.Single(c => c.Id != original.Id);
        Assert.Equal((original.ToAddress, original.Subject, original.HtmlBody, OutboxStatus.Pending), (copy.ToAddress, copy.Subject, copy.HtmlBody, copy.Status));
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
        Assert.Equal(AuditActions.TenantEmailResent, (await LastAuditAsync(owner)).Action);
        Assert.Contains("resent less than a minute ago", await staff.GetPageAsync(Page(owner)));
    }

    [Fact]
    public async Task ResetSipPassword_ChangesTheCredentials_SyncsThem_EmailsTheCustomer_AndWritesOneAuditLine()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        var extension = await owner.ExtensionAsync(portal, "101");
        var (audits, changes) = (await AuditCountAsync(owner), await ChangeCountAsync(owner));

        var response = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/extensions/{extension.Id}/reset-password", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await owner.ExtensionAsync(portal, "101");
        Assert.NotEqual(extension.Ha1, after.Ha1);
        Assert.NotEqual(extension.SipPasswordProtected, after.SipPasswordProtected);
        Assert.Equal(changes + 1, await ChangeCountAsync(owner));
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
        Assert.Equal(AuditActions.TenantSipPasswordReset, (await LastAuditAsync(owner)).Action);
        var email = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.TenantId == owner.TenantId && e.Template == "sip-password-reset-by-staff"));
        Assert.Equal(owner.Email, email.ToAddress);
        Assert.Contains($"/pbx/extensions/{extension.Id}", email.TextBody);
        // The customer reads the new password in the portal; the email does not carry it.
        var revealed = await owner.Browser.SubmitAsync("/pbx/extensions", $"/pbx/extensions/{extension.Id}/password", []);
        var password = System.Text.RegularExpressions.Regex.Match(await revealed.Content.ReadAsStringAsync(), "[A-Za-z2-9]{20}").Value;
        Assert.Equal(UcPortal.Web.Features.Pbx.SipCredentialFactory.Ha1("101", owner.SipDomain, password), after.Ha1);
        Assert.DoesNotContain(password, email.TextBody + email.HtmlBody);
    }

    [Fact]
    public async Task ForceResync_RaisesTheDesiredVersion_AndWritesOneAuditLine()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        var desired = await portal.WithDbAsync(db => db.TenantSyncStates.Where(s => s.TenantId == owner.TenantId).Select(s => s.DesiredVersion).SingleAsync());
        var audits = await AuditCountAsync(owner);

        var response = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/resync", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sync = await portal.WithDbAsync(db => db.TenantSyncStates.AsNoTracking().SingleAsync(s => s.TenantId == owner.TenantId));
        Assert.Equal((desired + 1, SyncStatus.Pending), (sync.DesiredVersion, sync.Status));
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
        Assert.Equal(AuditActions.TenantSipResync, (await LastAuditAsync(owner)).Action);
        Assert.Contains($"Resync queued: version {desired + 1}", await staff.GetPageAsync(Page(owner)));
    }

    [Fact]
    public async Task CancelSubscription_AtPeriodEndThenNow_GoesThroughThePaymentProvider_AndWritesOneAuditLineEach()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "starter");
        using var staff = await StaffAsync();
        var paid = await TenantAsync(owner);
        Assert.Equal(TenantStatus.Active, paid.Status);
        var audits = await AuditCountAsync(owner);

        var atEnd = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/cancel-subscription", [new("when", "period-end"), new("reason", "Moving provider")]);

        Assert.Equal(HttpStatusCode.Redirect, atEnd.StatusCode);
        var tenant = await TenantAsync(owner);
        Assert.True(tenant.CancelAtPeriodEnd);
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.True(await portal.WithDbAsync(db => db.TestModeSubscriptions.Where(s => s.Id == paid.SubscriptionId).Select(s => s.CancelAtPeriodEnd).SingleAsync()));
        Assert.Equal(audits + 1, await AuditCountAsync(owner));

        var now = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/cancel-subscription", [new("when", "now")]);

        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        tenant = await TenantAsync(owner);
        Assert.Equal((TenantStatus.Suspended, SuspensionReason.Cancelled, "canceled"), (tenant.Status, tenant.SuspensionReason, tenant.SubscriptionStatus));
        Assert.Equal(audits + 2, await AuditCountAsync(owner));
        Assert.Equal(AuditActions.TenantSubscriptionCancelled, (await LastAuditAsync(owner)).Action);
        Assert.Contains("cancelled now", await staff.GetPageAsync(Page(owner)));
    }

    [Fact]
    public async Task ViewAsCustomer_ShowsTheCustomersPagesWithABanner_RefusesEveryChange_AndIsAuditedAtStartAndStop()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffAsync();
        var extension = await owner.ExtensionAsync(portal, "100");
        var audits = await AuditCountAsync(owner);

        var start = await staff.SubmitAsync(Page(owner), $"{Page(owner)}/view-as", []);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/dashboard", start.Headers.Location!.OriginalString);
        Assert.Equal(audits + 1, await AuditCountAsync(owner));
        Assert.Equal(AuditActions.ViewAsCustomerStarted, (await LastAuditAsync(owner)).Action);

        var dashboard = await staff.GetPageAsync("/dashboard");
        Assert.Contains("id=\"view-as-banner\"", dashboard);
        Assert.Contains(owner.SipDomain, dashboard);
        Assert.Contains(WebUtility.HtmlEncode(extension.Name), await staff.GetPageAsync($"/pbx/extensions/{extension.Id}"));
        var changes = await ChangeCountAsync(owner);
        var tenant = await TenantAsync(owner);

        // Real forms with their tokens, taken from the pages the staff member sees: only the read-only rule refuses them.
        var attempts = new (string Page, string Action, KeyValuePair<string, string>[] Fields)[]
        {
            ("/pbx/extensions", $"/pbx/extensions/{extension.Id}/reset-password", []),
            ("/pbx/extensions", $"/pbx/extensions/{extension.Id}/delete", []),
            ("/pbx/extensions", "/pbx/extensions", [new("Form.Number", "150"), new("Form.Name", "Intruder")]),
            ("/billing", "/billing/cancel", []),
            ("/billing", "/billing/upgrade", [new("Form.PlanCode", "starter"), new("Form.ExtraNumbers", "0")]),
            ("/dashboard", $"/dashboard/extensions/{extension.Id}/password", []),
            ("/dashboard", Page(owner) + "/suspend", [new("reason", "x")]),
            ("/dashboard", Page(owner) + "/add-credit", [new("minutes", "30")]),
            ("/dashboard", "/account/logout", []),
        };
        foreach (var (page, action, fields) in attempts)
        {
            var refused = await staff.SubmitAsync(page, action, fields);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"POST {action} answered {(int)refused.StatusCode}");
            Assert.Contains("Read-only", await refused.Content.ReadAsStringAsync());
        }
        // No route takes PUT or DELETE today; should one be added, the same rule refuses it.
        var put = await staff.Http.PutAsync($"/pbx/extensions/{extension.Id}", new StringContent(""));
        var delete = await staff.Http.DeleteAsync($"/pbx/extensions/{extension.Id}");
        Assert.False(put.IsSuccessStatusCode || delete.IsSuccessStatusCode);

        Assert.Equal(changes, await ChangeCountAsync(owner));
        Assert.Equal(extension.Ha1, (await owner.ExtensionAsync(portal, "100")).Ha1);
        var unchanged = await TenantAsync(owner);
        Assert.Equal((tenant.Status, tenant.TrialCreditSeconds, tenant.CancelAtPeriodEnd), (unchanged.Status, unchanged.TrialCreditSeconds, unchanged.CancelAtPeriodEnd));
        Assert.Equal(audits + 1, await AuditCountAsync(owner));

        var stop = await staff.SubmitAsync("/dashboard", "/admin/view-as/stop", []);
        Assert.Equal(HttpStatusCode.Redirect, stop.StatusCode);
        Assert.Equal(Page(owner), stop.Headers.Location!.OriginalString);
        Assert.Equal(audits + 2, await AuditCountAsync(owner));
        Assert.Equal(AuditActions.ViewAsCustomerStopped, (await LastAuditAsync(owner)).Action);

        // Back as staff: the banner is gone and the same action works again.
        Assert.DoesNotContain("view-as-banner", await staff.GetPageAsync(Page(owner)));
        var extend = await staff.SubmitAsync(Page(owner), Page(owner) + "/add-credit", [new("minutes", "30")]);
        Assert.Equal(HttpStatusCode.Redirect, extend.StatusCode);
        Assert.Equal(tenant.TrialCreditSeconds + 1800, (await TenantAsync(owner)).TrialCreditSeconds);
    }

    [Fact]
    public async Task TheTimeline_FoldsAStaffChangeWithItsOwnAuditLine_NotWithTheSamePersonsNextActionASecondLater()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var at = DateTime.UtcNow.AddMinutes(5);
        const string staff = "desk@ucportal.test";
        await portal.WithDbAsync(async db =>
        {
            // Extend the trial (history + audit in one commit), then view as the customer and stop, all within two seconds.
            db.TenantEvents.Add(new TenantEvent { TenantId = owner.TenantId, AtUtc = at, Kind = "trial", Message = "Trial extended by 10 day(s)", Actor = "staff:" + staff });
            db.AuditEntries.Add(new AuditEntry { TenantId = owner.TenantId, AtUtc = at.AddMilliseconds(3), Actor = staff, Action = AuditActions.TenantExtendTrial, Detail = "10 days" });
            db.AuditEntries.Add(new AuditEntry { TenantId = owner.TenantId, AtUtc = at.AddMilliseconds(700), Actor = staff, Action = AuditActions.ViewAsCustomerStarted, Detail = "view as" });
            db.AuditEntries.Add(new AuditEntry { TenantId = owner.TenantId, AtUtc = at.AddMilliseconds(1400), Actor = staff, Action = AuditActions.ViewAsCustomerStopped, Detail = "stop" });
            return await db.SaveChangesAsync();
        });

        await using var scope = portal.Scope();
        var lines = await scope.ServiceProvider.GetRequiredService<UcPortal.Web.Features.CustomerCare.TenantTimeline>().ReadAsync(owner.TenantId, 50, CancellationToken.None);

        Assert.Equal(
            new[] { AuditActions.ViewAsCustomerStopped, AuditActions.ViewAsCustomerStarted, AuditActions.TenantExtendTrial },
            lines.Take(3).Select(l => l.StaffAction ?? "").ToList());
        Assert.Equal("Trial extended by 10 day(s)", lines[2].Message);
        Assert.Single(lines, l => l.StaffAction == AuditActions.TenantExtendTrial);
    }

    [Fact]
    public async Task ACustomer_CannotStartViewAs()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var other = await TenantOwner.CreateAsync(portal);

        var start = await owner.Browser.SubmitAsync("/dashboard", $"/admin/tenants/{other.TenantId}/view-as", []);
        var dashboard = await owner.Browser.GetPageAsync("/dashboard");

        Assert.NotEqual("/dashboard", start.Headers.Location?.OriginalString);
        Assert.Contains(owner.SipDomain, dashboard);
        Assert.DoesNotContain(other.SipDomain, dashboard);
        Assert.DoesNotContain("view-as-banner", dashboard);
        Assert.Equal(0, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == other.TenantId)));
    }

    [Fact]
    public async Task AFailingProvisioning_ShowsItsAttempts_AlertsStaffWhenRetriesRunOut_AndStaffRetryIt()
    {
        var city = "Failville " + Guid.NewGuid().ToString("N")[..8];
        await portal.WithDbAsync(db =>
        {
            db.PhoneNumbers.Add(new PhoneNumber
            {
                E164 = $"+44113{Random.Shared.Next(10_000_000, 99_999_999)}", Country = "GB", Region = "Test", City = city,
                Type = NumberType.Local, Pool = NumberPool.Trial, Status = NumberStatus.Available,
            });
            return db.SaveChangesAsync();
        });
        using var prospect = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, prospect, TrialJourney.ValidForm(area: $"GB|{city}"));
        Assert.Equal(TrialSignupStatus.Provisioning, signup.Status);

        // A real failure inside the attempt's transaction: the trial plan cannot be found.
        await SetTrialPlanCodeAsync("trial-missing");
        try
        {
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ProvisionAsync(signup.Id));
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ProvisionAsync(signup.Id));

            var waiting = await SignupAsync(signup.Id);
            Assert.Equal((TrialSignupStatus.Provisioning, 2), (waiting.Status, waiting.ProvisioningAttempts));
            Assert.Contains("retrying automatically (attempt 2)", await prospect.GetPageAsync("/dashboard/progress"));
            Assert.False(await portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signup.Id)));

            for (var i = 3; i <= TrialProvisioningJob.MaxAttempts; i++)
            {
                await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ProvisionAsync(signup.Id));
            }
            await ProvisionAsync(signup.Id); // after the last attempt: nothing more is tried
        }
        finally
        {
            await SetTrialPlanCodeAsync(UcPortal.Web.Features.Plans.PlanCatalogSeeder.TrialCode);
        }

        var failed = await SignupAsync(signup.Id);
        Assert.Equal((TrialSignupStatus.ProvisioningFailed, TrialProvisioningJob.MaxAttempts), (failed.Status, failed.ProvisioningAttempts));
        Assert.Contains($"after {TrialProvisioningJob.MaxAttempts} attempts", await prospect.GetPageAsync("/dashboard"));
        var alerts = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.DedupKey!.StartsWith($"trial-provisioning-failed:{signup.Id}")).ToListAsync());
        Assert.Single(alerts);
        Assert.Equal("ops@ucportal.test", alerts[0].ToAddress);

        using var staff = await StaffAsync();
        var page = await staff.GetPageAsync($"/admin/tenants/{signup.Id}");
        Assert.Contains("id=\"retry-provisioning\"", page);
        Assert.Contains($"{TrialProvisioningJob.MaxAttempts} of {TrialProvisioningJob.MaxAttempts}", page);
        var audits = await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == signup.Id));

        var retry = await staff.SubmitAsync($"/admin/tenants/{signup.Id}", $"/admin/tenants/{signup.Id}/retry-provisioning", []);

        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal(audits + 1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == signup.Id)));
        Assert.Equal((TrialSignupStatus.Provisioning, 0), ((await SignupAsync(signup.Id)).Status, (await SignupAsync(signup.Id)).ProvisioningAttempts));
        await ProvisionAsync(signup.Id);
        Assert.Equal(TrialSignupStatus.Provisioned, (await SignupAsync(signup.Id)).Status);
        Assert.Contains("data-status=\"Trial\"", await staff.GetPageAsync($"/admin/tenants/{signup.Id}"));
    }

    private async Task ProvisionAsync(Guid signupId)
    {
        await using var scope = portal.Scope();
        await scope.ServiceProvider.GetRequiredService<TrialProvisioningJob>().RunAsync(signupId, CancellationToken.None);
    }

    private Task<int> SetTrialPlanCodeAsync(string code) => portal.WithDbAsync(db =>
        db.Plans.Where(p => p.IsTrial).ExecuteUpdateAsync(s => s.SetProperty(p => p.Code, code)));

    private Task<TrialSignup> SignupAsync(Guid id) => portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Id == id));

    private static string Page(TenantOwner owner) => $"/admin/tenants/{owner.TenantId}";

    private Task<Tenant> TenantAsync(TenantOwner owner) => portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));

    private Task<int> AuditCountAsync(TenantOwner owner) => portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == owner.TenantId));

    private Task<AuditEntry> LastAuditAsync(TenantOwner owner) =>
        portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.TenantId == owner.TenantId).OrderByDescending(a => a.Id).FirstAsync());

    private Task<int> ChangeCountAsync(TenantOwner owner) => portal.WithDbAsync(db => db.ConfigChanges.CountAsync(c => c.TenantId == owner.TenantId));

    private async Task<PortalBrowser> StaffAsync()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }
}

public sealed class CustomerCareTestsOnSqlite(SqlitePortal portal) : CustomerCareTests<SqlitePortal>(portal);

public sealed class CustomerCareTestsOnPostgres(PostgresPortal portal) : CustomerCareTests<PostgresPortal>(portal);
