using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Porting;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Porting;

/// <summary>Number porting on both databases: a paid tenant asks to bring a number with a signed letter (checked by its
/// first bytes, kept outside wwwroot, shown to its own users and staff only), staff ask, set the date and complete (the
/// number joins the tenant with a PBX change), each step audited and emailed; the state machine refuses illegal steps;
/// two staff completing at once cannot both win; the purge deletes requests and letters.</summary>
public abstract partial class PortingTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static int _counter = Random.Shared.Next(0, 900);

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    /// <summary>A UK geographic number no other test uses (Manchester's range for drama, valid to libphonenumber; the seeded inventory uses 0100-0119).</summary>
    private static string NewNumber() => $"+441614960{500 + Interlocked.Increment(ref _counter) % 500:D3}";

    private static string WantedDate() => PortingRules.AddBusinessDays(DateOnly.FromDateTime(DateTime.UtcNow), 5).ToString("yyyy-MM-dd");

    private static Dictionary<string, string> Form(string number, string? date = null) => new()
    {
        ["Form.Number"] = number,
        ["Form.CurrentProvider"] = "Old Telecom plc",
        ["Form.AccountNumber"] = "ACC-778899",
        ["Form.AuthorisedName"] = "Alex Owner",
        ["Form.WantedDate"] = date ?? WantedDate(),
    };

    private static async Task<HttpResponseMessage> SubmitAsync(PortalBrowser browser, Dictionary<string, string> fields, byte[]? letter = null, string name = "letter.pdf")
    {
        var page = await browser.GetPageAsync("/pbx/porting");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }
        if (letter is not null)
        {
            var bytes = new ByteArrayContent(letter);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(bytes, "Form.Letter", name);
        }
        return await browser.Http.PostAsync("/pbx/porting", content);
    }

    private static async Task<int> SubmitOkAsync(PbxTenant tenant, string number)
    {
        var response = await SubmitAsync(tenant.Owner, Form(number), Pdf);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"submit answered {(int)response.StatusCode}: " + await response.Content.ReadAsStringAsync());
        return int.Parse(RequestUrl().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    private async Task<PortalBrowser> StaffAsync()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }

    private Task<PortingRequest> RequestAsync(int id) => portal.WithDbAsync(db => db.PortingRequests.AsNoTracking().SingleAsync(r => r.Id == id));

    private string TenantFolder(Guid tenantId) => portal.Services.GetRequiredService<PortingStorage>().TenantDirectory(tenantId);

    private static Task<HttpResponseMessage> StepAsync(PortalBrowser staff, int id, string step, params (string, string)[] fields) =>
        staff.SubmitAsync($"/admin/porting/{id}", $"/admin/porting/{id}/{step}", fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));

    [Fact]
    public async Task APaidTenant_SubmitsARequestWithALetter_StoredOutsideWwwroot_AndSeesItSubmitted()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var number = NewNumber();

        var id = await SubmitOkAsync(tenant, number);

        var request = await RequestAsync(id);
        Assert.Equal((tenant.Id, number, number, PortingStatus.Submitted, "GB", "application/pdf"),
            (request.TenantId, request.E164, request.OpenE164, request.Status, request.Country, request.LoaContentType));
        var file = Path.Combine(TenantFolder(tenant.Id), request.LoaFileName);
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(file));
        Assert.DoesNotContain("wwwroot", file);
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", request.LoaFileName);
        var page = await tenant.Owner.GetPageAsync($"/pbx/porting/{id}");
        Assert.Contains("Submitted", page);
        Assert.Contains($"data-porting=\"{id}\"", await tenant.Owner.GetPageAsync("/pbx/porting"));
        var letter = await tenant.Owner.GetAsync($"/pbx/porting/{id}/letter");
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal(Pdf, await letter.Content.ReadAsByteArrayAsync());
        Assert.True(await portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == tenant.Id && e.Kind == "porting")));
    }

    [Fact]
    public async Task BadInput_IsRefusedNextToTheFields_AndNothingIsStored()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var saturday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        while (saturday.DayOfWeek != DayOfWeek.Saturday)
        {
            saturday = saturday.AddDays(1);
        }

        var invalid = await SubmitAsync(tenant.Owner, new()
        {
            ["Form.Number"] = "12345", ["Form.CurrentProvider"] = "", ["Form.AccountNumber"] = "", ["Form.AuthorisedName"] = "",
            ["Form.WantedDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd"),
        }, Pdf);
        Assert.Contains("not a valid phone number", await PbxTenants.FieldMessageAsync(invalid, "Form.Number"));
        Assert.Contains("Enter the provider", await PbxTenants.FieldMessageAsync(invalid, "Form.CurrentProvider"));
        Assert.Contains("Enter your account number", await PbxTenants.FieldMessageAsync(invalid, "Form.AccountNumber"));
        Assert.Contains("Enter the name", await PbxTenants.FieldMessageAsync(invalid, "Form.AuthorisedName"));
        Assert.Contains("in the past", await PbxTenants.FieldMessageAsync(invalid, "Form.WantedDate"));

        var weekend = await SubmitAsync(tenant.Owner, Form(NewNumber(), saturday.ToString("yyyy-MM-dd")), Pdf);
        Assert.Contains("business days", await PbxTenants.FieldMessageAsync(weekend, "Form.WantedDate"));

        var tomorrow = PortingRules.AddBusinessDays(DateOnly.FromDateTime(DateTime.UtcNow), 1).ToString("yyyy-MM-dd");
        var tooSoon = await SubmitAsync(tenant.Owner, Form(NewNumber(), tomorrow), Pdf);
        Assert.Contains("at least 3 business days", await PbxTenants.FieldMessageAsync(tooSoon, "Form.WantedDate"));

        var noLetter = await SubmitAsync(tenant.Owner, Form(NewNumber()));
        Assert.Contains("Attach the signed letter", await PbxTenants.FieldMessageAsync(noLetter, "Form.Letter"));

        Assert.False(await portal.WithDbAsync(db => db.PortingRequests.AnyAsync(r => r.TenantId == tenant.Id)));
        Assert.False(Directory.Exists(TenantFolder(tenant.Id)) && Directory.EnumerateFiles(TenantFolder(tenant.Id)).Any());
    }

    [Fact]
    public async Task ALetterThatIsNotAPdfPngOrJpeg_ByItsContent_OrTooBig_IsRefused_AndNothingIsStored()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        // A text file renamed to .pdf (and sent as application/pdf) is still text.
        var renamed = await SubmitAsync(tenant.Owner, Form(NewNumber()), "I authorise the transfer. Signed: A. Owner"u8.ToArray(), "letter.pdf");
        Assert.Contains("not a PDF, PNG or JPEG file", await PbxTenants.FieldMessageAsync(renamed, "Form.Letter"));

        var exe = await SubmitAsync(tenant.Owner, Form(NewNumber()), [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04], "scan.jpg");
        Assert.Contains("not a PDF, PNG or JPEG file", await PbxTenants.FieldMessageAsync(exe, "Form.Letter"));

        var big = new byte[5 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        var tooBig = await SubmitAsync(tenant.Owner, Form(NewNumber()), big);
        Assert.Contains("too big", await PbxTenants.FieldMessageAsync(tooBig, "Form.Letter"));

        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        var accepted = await SubmitAsync(tenant.Owner, Form(NewNumber()), png, "letter.pdf");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var stored = await portal.WithDbAsync(db => db.PortingRequests.SingleAsync(r => r.TenantId == tenant.Id));
        Assert.Equal(("image/png", ".png"), (stored.LoaContentType, Path.GetExtension(stored.LoaFileName)));
        Assert.Single(Directory.GetFiles(TenantFolder(tenant.Id)));
    }

    [Fact]
    public async Task ANumberTheTenantHas_AnotherTenantHas_OrWithAnOpenRequest_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        using var other = await PbxTenants.CreateAsync(portal);
        var own = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == tenant.Id).Select(n => n.E164).FirstAsync());
        var theirs = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == other.Id).Select(n => n.E164).FirstAsync());
        var wanted = NewNumber();
        await SubmitOkAsync(other, wanted);

        Assert.Contains("already yours", await PbxTenants.FieldMessageAsync(await SubmitAsync(tenant.Owner, Form(own), Pdf), "Form.Number"));
        Assert.Contains("in service with us on another account", await PbxTenants.FieldMessageAsync(await SubmitAsync(tenant.Owner, Form(theirs), Pdf), "Form.Number"));
        Assert.Contains("already open", await PbxTenants.FieldMessageAsync(await SubmitAsync(tenant.Owner, Form(wanted), Pdf), "Form.Number"));
        Assert.Contains("You already have an open request", await PbxTenants.FieldMessageAsync(await SubmitAsync(other.Owner, Form(wanted), Pdf), "Form.Number"));
        Assert.False(await portal.WithDbAsync(db => db.PortingRequests.AnyAsync(r => r.TenantId == tenant.Id)));
    }

    [Fact]
    public async Task ATrial_ReadsThatPortingComesWithThePaidPlans_AndCannotSubmit()
    {
        using var trial = await PbxTenants.CreateAsync(portal, paid: false);

        var page = await trial.Owner.GetPageAsync("/pbx/porting");
        Assert.Contains("id=\"porting-not-available\"", page);
        Assert.Contains("href=\"/billing/upgrade\"", page);
        Assert.DoesNotContain("id=\"porting-form\"", page);

        // The page has no form, so the token comes from another page of the portal.
        var posted = await SubmitFromAsync(trial.Owner, "/pbx/extensions", Form(NewNumber()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.PortingRequests.AnyAsync(r => r.TenantId == trial.Id)));
    }

    [Fact]
    public async Task AnotherTenantsRequestAndLetter_Are404_ToReadAnswerAndCancel()
    {
        using var first = await PbxTenants.CreateAsync(portal);
        using var second = await PbxTenants.CreateAsync(portal);
        var id = await SubmitOkAsync(first, NewNumber());

        Assert.Equal(HttpStatusCode.NotFound, (await second.Owner.GetAsync($"/pbx/porting/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.Owner.GetAsync($"/pbx/porting/{id}/letter")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.Owner.SubmitAsync("/pbx/porting", $"/pbx/porting/{id}/cancel", [])).StatusCode);
        Assert.DoesNotContain($"data-porting=\"{id}\"", await second.Owner.GetPageAsync("/pbx/porting"));
        Assert.Equal(PortingStatus.Submitted, (await RequestAsync(id)).Status);
        // Nor is the letter anywhere under the web root.
        Assert.Equal(HttpStatusCode.NotFound, (await second.Owner.GetAsync($"/porting-data/{first.Id:N}/{(await RequestAsync(id)).LoaFileName}")).StatusCode);
    }

    [Fact]
    public async Task StaffWorkTheRequest_AskAnswerDateComplete_TheNumberJoinsTheTenantWithAPbxChange_AuditedAndEmailed()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var number = NewNumber();
        var id = await SubmitOkAsync(tenant, number);
        using var staff = await StaffAsync();
        Assert.Contains($"data-porting=\"{id}\"", await staff.GetPageAsync("/admin/porting"));
        Assert.Equal(Pdf, await (await staff.GetAsync($"/admin/porting/{id}/letter")).Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(staff, id, "ask", ("question", "Please send a letter signed by a director of the company."))).StatusCode);
        Assert.Equal(PortingStatus.InformationNeeded, (await RequestAsync(id)).Status);
        Assert.Contains("signed by a director", await tenant.Owner.GetPageAsync($"/pbx/porting/{id}"));

        var answered = await tenant.Owner.SubmitAsync($"/pbx/porting/{id}", $"/pbx/porting/{id}/answer", [new("answer", "Our director Sam signs tomorrow.")]);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal((PortingStatus.Submitted, "Our director Sam signs tomorrow."), ((await RequestAsync(id)).Status, (await RequestAsync(id)).TenantAnswer));

        var date = WantedDate();
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(staff, id, "date", ("portDate", date))).StatusCode);
        Assert.Equal((PortingStatus.DateSet, DateOnly.Parse(date)), ((await RequestAsync(id)).Status, (await RequestAsync(id)).PortDate!.Value));

        var changesBefore = await PbxTenants.ChangeCountAsync(portal, tenant.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(staff, id, "complete")).StatusCode);

        var done = await RequestAsync(id);
        Assert.Equal((PortingStatus.Completed, (string?)null), (done.Status, done.OpenE164));
        var phone = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().SingleAsync(n => n.E164 == number));
        Assert.Equal((tenant.Id, NumberStatus.Assigned, NumberPool.Paid, phone.Id), (phone.TenantId!.Value, phone.Status, phone.Pool, done.PhoneNumberId!.Value));
        Assert.Equal(changesBefore + 1, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
        Assert.Contains("ported in", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).OrderByDescending(c => c.Version).Select(c => c.Description).FirstAsync()));
        // The SIP core gets it with the rest of the tenant's numbers, ringing the first extension.
        await using (var scope = portal.Scope())
        {
            var state = await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenant.Id, CancellationToken.None);
            Assert.Contains(state!.Numbers, n => n.E164 == number && n.Open.Kind == "extension");
        }
        Assert.Contains(number[3..], (await tenant.Owner.GetPageAsync("/pbx/numbers")).Replace(" ", ""));

        var audits = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.TenantId == tenant.Id && a.Action.StartsWith("porting.")).Select(a => a.Action).ToListAsync());
        Assert.Equal(
            new[] { AuditActions.PortingCompleted, AuditActions.PortingDateSet, AuditActions.PortingInformationRequested, AuditActions.PortingLetterViewed }.Order(),
            audits.Order());
        var emails = await portal.WithDbAsync(db => db.OutboxEmails.Where(e => e.TenantId == tenant.Id && e.Template.StartsWith("porting-")).Select(e => new { e.Template, e.ToAddress }).ToListAsync());
        Assert.Equal(new[] { "porting-completed", "porting-dateset", "porting-informationneeded" }, emails.Select(e => e.Template).Order());
        Assert.All(emails, e => Assert.Equal(tenant.OwnerEmail, e.ToAddress));
        Assert.True(await portal.WithDbAsync(db => db.TenantEvents.CountAsync(e => e.TenantId == tenant.Id && e.Kind == "porting")) >= 5);
    }

    [Fact]
    public async Task TheStateMachine_RefusesIllegalSteps_WithAMessage_AndChangesNothing()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var id = await SubmitOkAsync(tenant, NewNumber());
        using var staff = await StaffAsync();

        var early = await StepAsync(staff, id, "complete");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("Set the porting date before completing", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()));

        var nothingAsked = await tenant.Owner.SubmitAsync($"/pbx/porting/{id}", $"/pbx/porting/{id}/answer", [new("answer", "Unprompted.")]);
        Assert.Contains("no question to answer", WebUtility.HtmlDecode(await nothingAsked.Content.ReadAsStringAsync()));

        var noReason = await StepAsync(staff, id, "reject", ("reason", "  "));
        Assert.Contains("Write the reason", await PbxTenants.FieldMessageAsync(noReason, "Reason"));
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(staff, id, "reject", ("reason", "The account number does not match the losing provider's records."))).StatusCode);
        Assert.Equal(PortingStatus.Rejected, (await RequestAsync(id)).Status);
        Assert.Contains("does not match", await tenant.Owner.GetPageAsync($"/pbx/porting/{id}"));

        // A rejected request cannot be completed, dated or cancelled, even by a form posted from an old page.
        var (version, completeAfterReject) = ((await RequestAsync(id)).Version, await StepAsync(staff, id, "complete"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, completeAfterReject.StatusCode);
        Assert.Contains("was rejected: it cannot change any more", WebUtility.HtmlDecode(await completeAfterReject.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await StepAsync(staff, id, "date", ("portDate", WantedDate()))).StatusCode);
        var cancel = await tenant.Owner.SubmitAsync($"/pbx/porting/{id}", $"/pbx/porting/{id}/cancel", []);
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        var after = await RequestAsync(id);
        Assert.Equal((PortingStatus.Rejected, version), (after.Status, after.Version));
        Assert.False(await portal.WithDbAsync(db => db.PhoneNumbers.AnyAsync(n => n.E164 == after.E164)));

        // A closed request frees the number for a new one; the tenant can cancel an open one.
        var again = await SubmitOkAsync(tenant, after.E164);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync($"/pbx/porting/{again}", $"/pbx/porting/{again}/cancel", [])).StatusCode);
        Assert.Equal(PortingStatus.Cancelled, (await RequestAsync(again)).Status);
    }

    [Fact]
    public async Task TwoStaffCompletingAtOnce_OneWins_AndTheNumberIsAddedOnce()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var number = NewNumber();
        var id = await SubmitOkAsync(tenant, number);
        using var first = await StaffAsync();
        using var second = await StaffAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(first, id, "date", ("portDate", WantedDate()))).StatusCode);
        var changesBefore = await PbxTenants.ChangeCountAsync(portal, tenant.Id);

        // PostgreSQL: both pass their checks and meet at the save that adds the number; only the request's version
        // (and the number's unique index) keeps the second out. SQLite runs one completion's transaction at a time
        // (BEGIN IMMEDIATE): the second waits, then finds the request completed.
        var meet = portal.Provider == DatabaseProvider.Postgres ? portal.Simultaneous.Saves<PhoneNumber>(2, n => n.E164 == number) : null;
        HttpResponseMessage[] answers;
        try
        {
            answers = await Task.WhenAll(StepAsync(first, id, "complete"), StepAsync(second, id, "complete"));
        }
        finally
        {
            portal.Simultaneous.Clear();
        }

        Assert.Equal(2, meet?.Arrived ?? 2);
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        var loser = answers.Single(a => a.StatusCode != HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, loser.StatusCode);
        Assert.Contains(meet is null ? "This request is completed" : "Someone else changed this request at the same moment", WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync()));
        Assert.Equal(1, await portal.WithDbAsync(db => db.PhoneNumbers.CountAsync(n => n.E164 == number)));
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TenantId == tenant.Id && a.Action == AuditActions.PortingCompleted)));
        Assert.Equal(changesBefore + 1, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task ThePurge_DeletesTheRequestsAndTheirLetters()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        using var kept = await PbxTenants.CreateAsync(portal);
        await SubmitOkAsync(tenant, NewNumber());
        await SubmitOkAsync(kept, NewNumber());
        Assert.NotEmpty(Directory.GetFiles(TenantFolder(tenant.Id)));
        await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, TenantStatus.Released).SetProperty(t => t.ReleasedAtUtc, DateTime.UtcNow.AddDays(-400))));

        await using (var scope = portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionPurgeJob>().RunAsync(CancellationToken.None);
        }

        Assert.False(await portal.WithDbAsync(db => db.PortingRequests.AnyAsync(r => r.TenantId == tenant.Id)));
        Assert.False(Directory.Exists(TenantFolder(tenant.Id)));
        Assert.True(await portal.WithDbAsync(db => db.PortingRequests.AnyAsync(r => r.TenantId == kept.Id)));
        Assert.NotEmpty(Directory.GetFiles(TenantFolder(kept.Id)));
    }

    private static async Task<HttpResponseMessage> SubmitFromAsync(PortalBrowser browser, string tokenPage, Dictionary<string, string> fields)
    {
        var page = await browser.GetPageAsync(tokenPage);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }
        var bytes = new ByteArrayContent(Pdf);
        content.Add(bytes, "Form.Letter", "letter.pdf");
        return await browser.Http.PostAsync("/pbx/porting", content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^/pbx/porting/(\d+)$")]
    private static partial Regex RequestUrl();
}

public sealed class PortingTestsOnSqlite(SqlitePortal portal) : PortingTests<SqlitePortal>(portal);

public sealed class PortingTestsOnPostgres(PostgresPortal portal) : PortingTests<PostgresPortal>(portal);
