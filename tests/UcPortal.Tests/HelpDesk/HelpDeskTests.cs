using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.HelpDesk;

/// <summary>The help desk on both databases: a customer opens a ticket, staff reply (the customer is
/// emailed with a link), a customer's reply moves a waiting ticket back to open; tickets of another
/// tenant are 404; bad input and too many tickets are refused with a reason; every staff action is audited.</summary>
public abstract partial class HelpDeskTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static KeyValuePair<string, string>[] TicketForm(string subject, string message, string category = "CallsAndPhones") =>
        [new("Form.Subject", subject), new("Form.Category", category), new("Form.Message", message)];

    private static async Task<int> OpenTicketAsync(TenantOwner owner, string subject = "Extension 101 does not register")
    {
        var response = await owner.Browser.SubmitAsync("/support/new", "/support/new",
            TicketForm(subject, "Zoiper on my laptop says 403 Forbidden since this morning, 09:10 UTC."));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(TicketUrl().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    private async Task<PortalBrowser> StaffBrowserAsync(string role = StaffRoles.Support)
    {
        var email = await Staff.CreateAsync(portal, role);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }

    private Task<SupportTicket> TicketAsync(int id) =>
        portal.WithDbAsync(db => db.SupportTickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Id == id));

    private Task<int> AuditCountAsync(string action, Guid tenantId) =>
        portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action && a.TenantId == tenantId));

    [Fact]
    public async Task ACustomersTicket_StaffReply_EmailsTheCustomer_AndTheCustomersReplyOpensItAgain()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var id = await OpenTicketAsync(owner);

        var opened = await TicketAsync(id);
        Assert.Equal((owner.TenantId, TicketStatus.Open, 1), (opened.TenantId, opened.Status, opened.Messages.Count));
        Assert.Contains("Waiting for support", await owner.Browser.GetPageAsync($"/support/{id}"));
        Assert.Contains($"href=\"/support/{id}\"", await owner.Browser.GetPageAsync("/support"));

        using var staff = await StaffBrowserAsync();
        Assert.Contains($"data-ticket=\"{id}\"", await staff.GetPageAsync("/admin/tickets"));
        var replied = await staff.SubmitAsync($"/admin/tickets/{id}", $"/admin/tickets/{id}/reply",
            [new("reply", "Your router rewrites SIP packets.\n\nPlease turn SIP ALG off and register again."), new("after", "WaitOnCustomer")]);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);

        var waiting = await TicketAsync(id);
        Assert.Equal(TicketStatus.WaitingOnCustomer, waiting.Status);
        Assert.NotNull(waiting.AssignedToUserId);
        var email = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Template == "ticket-reply" && e.TenantId == owner.TenantId));
        Assert.Equal(owner.Email, email.ToAddress);
        Assert.Contains($"http://portal.test/support/{id}", email.TextBody);
        Assert.Contains("Please turn SIP ALG off", email.TextBody);
        Assert.Equal(1, await AuditCountAsync(AuditActions.TicketReplied, owner.TenantId));

        var customerPage = await owner.Browser.GetPageAsync($"/support/{id}");
        Assert.Contains("Please turn SIP ALG off", customerPage);
        Assert.Contains("Waiting for your reply", customerPage);

        var answered = await owner.Browser.SubmitAsync($"/support/{id}", $"/support/{id}/reply", [new("reply", "Done, it registers now but calls drop after 30 s.")]);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal(TicketStatus.Open, (await TicketAsync(id)).Status);

        var closed = await staff.PostWithTokenAsync($"/admin/tickets/{id}", $"/admin/tickets/{id}/close");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(TicketStatus.Closed, (await TicketAsync(id)).Status);
        Assert.Equal(1, await AuditCountAsync(AuditActions.TicketClosed, owner.TenantId));
        Assert.True(await portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == owner.TenantId && e.Kind == "ticket-closed")));

        // The tenant's staff page links its tickets.
        Assert.Contains($"href=\"/admin/tickets/{id}\"", await staff.GetPageAsync($"/admin/tenants/{owner.TenantId}"));
    }

    [Fact]
    public async Task AnotherTenantsTicket_Is404_ToReadAndToReply_AndIsNotListed()
    {
        using var first = await TenantOwner.CreateAsync(portal);
        using var second = await TenantOwner.CreateAsync(portal);
        var id = await OpenTicketAsync(first, "Private question of the first company");

        Assert.Equal(HttpStatusCode.NotFound, (await second.Browser.GetAsync($"/support/{id}")).StatusCode);
        var reply = await second.Browser.SubmitAsync("/support", $"/support/{id}/reply", [new("reply", "Let me in on this conversation please.")]);
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.DoesNotContain("Private question", await second.Browser.GetPageAsync("/support"));
        Assert.Single((await TicketAsync(id)).Messages);
    }

    [Fact]
    public async Task BadInput_IsRefusedNextToTheField_AndNothingIsSaved()
    {
        using var owner = await TenantOwner.CreateAsync(portal);

        var response = await owner.Browser.SubmitAsync("/support/new", "/support/new",
            [new("Form.Subject", ""), new("Form.Category", "NoSuchCategory"), new("Form.Message", new string('x', 8001))]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Say in a few words what it is about.", page);
        Assert.Contains("Choose what the question is about.", page);
        Assert.Contains("Keep it under 8,000 characters", page);
        Assert.False(await portal.WithDbAsync(db => db.SupportTickets.AnyAsync(t => t.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryToken_IsRefused()
    {
        using var owner = await TenantOwner.CreateAsync(portal);

        var response = await owner.Browser.Http.PostAsync("/support/new", new FormUrlEncodedContent(TicketForm("Forged ticket", "Sent from another site's page.")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.SupportTickets.AnyAsync(t => t.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task OpeningTickets_IsLimitedPerAccountAndHour()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        for (var i = 1; i <= 5; i++)
        {
            await OpenTicketAsync(owner, $"Question number {i}");
        }

        var sixth = await owner.Browser.SubmitAsync("/support/new", "/support/new", TicketForm("Question number 6", "One more question about my account."));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, sixth.StatusCode);
        Assert.Contains("opened 5 tickets in the last hour", WebUtility.HtmlDecode(await sixth.Content.ReadAsStringAsync()));
        Assert.Equal(5, await portal.WithDbAsync(db => db.SupportTickets.CountAsync(t => t.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task Staff_AssignAStaffMember_Audited_AndACustomerCannotBeAssigned()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var id = await OpenTicketAsync(owner);
        var colleague = await Staff.CreateAsync(portal, StaffRoles.Admin);
        var colleagueId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == colleague).Select(u => u.Id).SingleAsync());
        var ownerId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == owner.Email).Select(u => u.Id).SingleAsync());
        using var staff = await StaffBrowserAsync();

        var refused = await staff.SubmitAsync($"/admin/tickets/{id}", $"/admin/tickets/{id}/assign", [new("assignTo", ownerId)]);
        var assigned = await staff.SubmitAsync($"/admin/tickets/{id}", $"/admin/tickets/{id}/assign", [new("assignTo", colleagueId)]);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Equal(colleague, (await TicketAsync(id)).AssignedToEmail);
        Assert.Equal(1, await AuditCountAsync(AuditActions.TicketAssigned, owner.TenantId));
        Assert.Contains($"data-ticket=\"{id}\"", await staff.GetPageAsync($"/admin/tickets?status=open&q=%23{id}"));
    }

    [GeneratedRegex(@"^/support/(\d+)$")]
    private static partial Regex TicketUrl();
}

public sealed class HelpDeskTestsOnSqlite(SqlitePortal portal) : HelpDeskTests<SqlitePortal>(portal);

public sealed class HelpDeskTestsOnPostgres(PostgresPortal portal) : HelpDeskTests<PostgresPortal>(portal);
