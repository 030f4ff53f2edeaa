using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.Web.Features.Shared;
using UcPortal.Web.Features.TrialFeedback;

namespace UcPortal.Tests.Funnel;

/// <summary>Trials that end without converting: the expiry email and the billing page ask why with
/// signed one-click links that work without signing in and cannot be forged; staff follow them up on
/// /admin/follow-ups (due first, audited edits) and get their due list by email each morning, once a day.</summary>
public abstract partial class TrialFollowUpTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task AnExpiredTrial_IsAskedWhy_AndOneClickInTheEmail_RecordsTheReason_WithoutSigningIn()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await ExpireAsync(owner.TenantId);

        var email = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.TenantId == owner.TenantId && e.Template == "trial-expired"));
        var links = LinkPattern().Matches(email.TextBody).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(TrialExitReasons.All.Count, links.Count);
        Assert.Contains("Not buying? Tell us why", email.HtmlBody);
        var tooExpensive = links.Single(l => l.EndsWith("reason=TooExpensive", StringComparison.Ordinal));

        using var anonymous = portal.CreateBrowser();
        var clicked = await anonymous.GetAsync(new Uri(tooExpensive).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        var page = WebUtility.HtmlDecode(await clicked.Content.ReadAsStringAsync());
        Assert.Contains("we recorded \"Too expensive\"", page);
        var followUp = await FollowUpAsync(owner.TenantId);
        Assert.Equal(TrialExitReason.TooExpensive, followUp.Reason);
        Assert.NotNull(followUp.AnsweredAtUtc);

        // The optional text, from the page the click opened, still without signing in.
        var token = TokenFieldPattern().Match(page).Groups[1].Value;
        var sent = await anonymous.SubmitAsync(new Uri(tooExpensive).PathAndQuery, "/trial-feedback",
            [new("t", WebUtility.HtmlDecode(token)), new("reason", "MissingFeature"), new("text", "  We need call recording.  ")]);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        followUp = await FollowUpAsync(owner.TenantId);
        Assert.Equal((TrialExitReason.MissingFeature, "We need call recording."), (followUp.Reason!.Value, followUp.ReasonText));

        // The expired trial's billing page asks the same question.
        var billing = await owner.Browser.GetPageAsync("/billing");
        Assert.Contains("id=\"trial-exit-question\"", billing);
        Assert.Contains("/trial-feedback?t=", billing);
    }

    [Fact]
    public async Task AChangedOrForeignToken_IsRefused_AndAnswersOnlyItsOwnTenant()
    {
        using var first = await TenantOwner.CreateAsync(portal);
        using var second = await TenantOwner.CreateAsync(portal);
        await ExpireAsync(first.TenantId);
        await ExpireAsync(second.TenantId);
        var links = portal.Services.GetRequiredService<TrialExitLinks>();
        var token = links.Token(first.TenantId);
        using var anonymous = portal.CreateBrowser();

        // Any changed character, a token of a tenant whose trial did not end, or none at all: refused, nothing written.
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        foreach (var bad in new[] { tampered, token[..^2], "", links.Token(Guid.NewGuid()) })
        {
            var response = await anonymous.GetAsync("/trial-feedback?t=" + Uri.EscapeDataString(bad) + "&reason=Other");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync());
        }
        Assert.Null((await FollowUpAsync(first.TenantId)).Reason);
        Assert.Null((await FollowUpAsync(second.TenantId)).Reason);

        // The first tenant's token answers for the first tenant only, whatever else the request says.
        var answered = await anonymous.GetAsync(links.Path(token, TrialExitReason.CallQuality) + "&tenant=" + second.TenantId);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(TrialExitReason.CallQuality, (await FollowUpAsync(first.TenantId)).Reason);
        Assert.Null((await FollowUpAsync(second.TenantId)).Reason);
        // A reason nobody offers is not recorded.
        await anonymous.GetAsync(links.Path(token, null) + "&reason=Bribery");
        Assert.Equal(TrialExitReason.CallQuality, (await FollowUpAsync(first.TenantId)).Reason);
    }

    [Fact]
    public async Task TheStaffList_ShowsDueFollowUpsFirst_AndEachEditIsAudited()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var later = await SeedFollowUpAsync("Later", today.AddDays(5));
        var unscheduled = await SeedFollowUpAsync("Unscheduled", null);
        var dueToday = await SeedFollowUpAsync("Due today", today);
        var overdue = await SeedFollowUpAsync("Overdue", today.AddDays(-3), TrialExitReason.SetupTooHard);
        var (support, email) = await StaffAsync(StaffRoles.Support);
        using var _ = support;

        var page = await support.GetPageAsync("/admin/follow-ups");
        var order = RowPattern().Matches(page).Select(m => int.Parse(m.Groups[1].Value)).Where(id => id == later || id == unscheduled || id == dueToday || id == overdue).ToList();
        Assert.Equal([overdue, dueToday, later, unscheduled], order);
        Assert.Contains("Too hard to set up", page);

        var userId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var saved = await support.SubmitAsync($"/admin/follow-ups?edit={later}", $"/admin/follow-ups/{later}",
            [new("Form.AssignedToUserId", userId), new("Form.FollowUpOn", today.AddDays(1).ToString("yyyy-MM-dd")), new("Form.Notes", "Called: wants a demo on Friday.")]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var row = await portal.WithDbAsync(db => db.TrialFollowUps.AsNoTracking().SingleAsync(f => f.Id == later));
        Assert.Equal((userId, today.AddDays(1), "Called: wants a demo on Friday."), (row.AssignedToUserId!, row.FollowUpOn!.Value, row.Notes));
        var audit = await portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.TrialFollowUpChanged && a.TenantId == row.TenantId));
        Assert.Equal(email, audit.Actor);
        Assert.Equal($"assigned to {email}; follow up on {today.AddDays(1):yyyy-MM-dd}; notes changed", audit.Detail);
        Assert.Contains("Called: wants a demo", await support.GetPageAsync("/admin/follow-ups?mine=true"));

        // Bad input: a message next to the field, nothing written, no audit line.
        var refused = await support.SubmitAsync($"/admin/follow-ups?edit={later}", $"/admin/follow-ups/{later}",
            [new("Form.AssignedToUserId", "not-staff"), new("Form.FollowUpOn", "next tuesday"), new("Form.Notes", "x")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Choose a member of staff", refusedPage);
        Assert.Contains("Enter a date as YYYY-MM-DD", refusedPage);
        Assert.Equal("Called: wants a demo on Friday.", await portal.WithDbAsync(db => db.TrialFollowUps.Where(f => f.Id == later).Select(f => f.Notes).SingleAsync()));
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.TrialFollowUpChanged && a.TenantId == row.TenantId)));

        // Closed, it leaves the open list for the closed one.
        await support.SubmitAsync($"/admin/follow-ups?edit={later}", $"/admin/follow-ups/{later}",
            [new("Form.AssignedToUserId", userId), new("Form.FollowUpOn", today.AddDays(1).ToString("yyyy-MM-dd")), new("Form.Notes", "Called: wants a demo on Friday."), new("Form.Closed", "true")]);
        Assert.DoesNotContain($"data-follow-up=\"{later}\"", await support.GetPageAsync("/admin/follow-ups"));
        Assert.Contains($"data-follow-up=\"{later}\"", await support.GetPageAsync("/admin/follow-ups?closed=true"));
    }

    [Fact]
    public async Task TheMorningDigest_EmailsEachAssigneeTheirDueList_OnceADay()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (a, aEmail) = await StaffAsync(StaffRoles.Support);
        var (b, bEmail) = await StaffAsync(StaffRoles.Admin);
        a.Dispose();
        b.Dispose();
        var aId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == aEmail).Select(u => u.Id).SingleAsync());
        var bId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == bEmail).Select(u => u.Id).SingleAsync());
        await SeedFollowUpAsync("Digest due", today, assignee: aId);
        await SeedFollowUpAsync("Digest overdue", today.AddDays(-2), assignee: aId);
        await SeedFollowUpAsync("Digest tomorrow", today.AddDays(1), assignee: aId);
        await SeedFollowUpAsync("Digest closed", today, assignee: aId, closed: true);
        await SeedFollowUpAsync("Digest other", today.AddDays(7), assignee: bId);

        for (var run = 0; run < 2; run++)
        {
            await using var scope = portal.Scope();
            await scope.ServiceProvider.GetRequiredService<TrialFollowUpDigestJob>().RunAsync(CancellationToken.None);
        }

        var toA = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.ToAddress == aEmail && e.Template == "trial-follow-ups-due").ToListAsync());
        var mail = Assert.Single(toA);
        Assert.Equal("2 trial follow-ups are due today", mail.Subject);
        Assert.Contains("Digest due", mail.TextBody);
        Assert.Contains("Digest overdue", mail.TextBody);
        Assert.DoesNotContain("Digest tomorrow", mail.TextBody);
        Assert.DoesNotContain("Digest closed", mail.TextBody);
        Assert.Contains("/admin/follow-ups?mine=true", mail.TextBody);
        Assert.False(await portal.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.ToAddress == bEmail && e.Template == "trial-follow-ups-due")));
    }

    [Fact]
    public async Task Customers_AndAnonymousVisitors_CannotOpenTheFollowUpList()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var anonymous = portal.CreateBrowser();

        Assert.Contains("/account/login", (await anonymous.GetAsync("/admin/follow-ups")).Headers.Location!.ToString());
        Assert.Contains("/account/access-denied", (await owner.Browser.GetAsync("/admin/follow-ups")).Headers.Location!.ToString());
    }

    private async Task ExpireAsync(Guid tenantId)
    {
        await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TrialExpiresAtUtc, DateTime.UtcNow.AddHours(-1))));
        await using var scope = portal.Scope();
        await scope.ServiceProvider.GetRequiredService<TrialExpiryJob>().RunAsync(CancellationToken.None);
    }

    private Task<TrialFollowUp> FollowUpAsync(Guid tenantId) => portal.WithDbAsync(db => db.TrialFollowUps.AsNoTracking().SingleAsync(f => f.TenantId == tenantId));

    private async Task<int> SeedFollowUpAsync(string company, DateOnly? on, TrialExitReason? reason = null, string? assignee = null, bool closed = false)
    {
        var id = Guid.NewGuid();
        var tag = id.ToString("N")[..10];
        return await portal.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Where(p => p.IsTrial).Select(p => p.Id).FirstAsync();
            db.Tenants.Add(new Tenant
            {
                Id = id, Name = $"{company} {tag}", SipDomain = tag + ".followup.test", Status = TenantStatus.Suspended, SuspensionReason = SuspensionReason.TrialExpired,
                PlanId = plan, Country = "GB", CreatedAtUtc = DateTime.UtcNow.AddDays(-20), UsedCreditSeconds = 600,
            });
            var followUp = new TrialFollowUp
            {
                TenantId = id, TrialEndedAtUtc = DateTime.UtcNow.AddDays(-1), FollowUpOn = on, Reason = reason, AssignedToUserId = assignee,
                ClosedAtUtc = closed ? DateTime.UtcNow : null,
            };
            db.TrialFollowUps.Add(followUp);
            await db.SaveChangesAsync();
            return followUp.Id;
        });
    }

    private async Task<(PortalBrowser Browser, string Email)> StaffAsync(string role)
    {
        var email = await Staff.CreateAsync(portal, role);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return (browser, email);
    }

    [GeneratedRegex(@"(http://\S+/trial-feedback\?t=\S+)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"t\" value=\"([^\"]+)\"")]
    private static partial Regex TokenFieldPattern();

    [GeneratedRegex("data-follow-up=\"(\\d+)\"")]
    private static partial Regex RowPattern();
}

public sealed class TrialFollowUpTestsOnSqlite(SqlitePortal portal) : TrialFollowUpTests<SqlitePortal>(portal);

public sealed class TrialFollowUpTestsOnPostgres(PostgresPortal portal) : TrialFollowUpTests<PostgresPortal>(portal);
