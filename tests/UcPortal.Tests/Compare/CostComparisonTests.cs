using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace UcPortal.Tests.Compare;

/// <summary>The public cost comparison on a real database: the figures on the page, bad input next to
/// its field with nothing stored, the report's confirmation and PDF through the outbox, the limit per
/// address, the trial form filled from the report's link, and the staff pages.</summary>
public abstract partial class CostComparisonTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    /// <summary>CostModelTests' first case: 10 seats, 4 lines, one site at 300, a 3-year-old PBX bought
    /// for 6,000 at 15 %, 4 IT hours; its assumptions. On-premise 20,700; hosted 3,814; SIP trunks 11,914.</summary>
    private static List<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] overrides)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.Seats"] = "10", ["Form.Lines"] = "4", ["Form.Sites"] = "1", ["Form.MonthlyBillPerSite"] = "300",
            ["Form.CurrentPbx"] = "on-premise", ["Form.PbxAgeYears"] = "3", ["Form.PbxPurchasePrice"] = "6,000",
            ["Form.MaintenancePercent"] = "15", ["Form.ItHoursPerMonth"] = "4", ["Form.GrowthPercentPerYear"] = "0",
            ["Form.Assumptions[it-hourly-rate]"] = "50", ["Form.Assumptions[pbx-cost-per-site]"] = "3000",
            ["Form.Assumptions[pbx-licence-per-seat]"] = "100", ["Form.Assumptions[pbx-lifetime-years]"] = "8",
            ["Form.Assumptions[minutes-per-seat]"] = "300", ["Form.Assumptions[price-per-extra-minute]"] = "0.02",
            ["Form.Assumptions[switching-cost-per-site]"] = "250", ["Form.Assumptions[hosted-it-share]"] = "25",
        };
        foreach (var (key, value) in overrides)
        {
            fields["Form." + key] = value;
        }
        return fields.ToList();
    }

    private static (string Key, string Value)[] Contact(string email) =>
        [("FullName", "Dana Prospect"), ("Company", "Acme Dental"), ("Email", email)];

    private static string NewEmail() => $"dana-{Guid.NewGuid():N}"[..14] + "@acme-dental.test";

    [Fact]
    public async Task Comparing_ShowsEachOptionsThreeYearTotalAndTheBreakEven_AndStoresNothing()
    {
        using var browser = portal.CreateBrowser();
        var (leads, emails) = await CountsAsync();

        var response = await browser.SubmitAsync("/compare", "/compare", Fields());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-total=\"on-premise\">$20,700<", page);
        Assert.Contains("data-total=\"hosted\">$3,814<", page);
        Assert.Contains("data-total=\"sip-trunks\">$11,914<", page);
        Assert.Contains("from the first month", page);
        Assert.Contains("id=\"compare-chart\"", page);
        Assert.Equal((leads, emails), await CountsAsync());
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "Seats", "", "Enter the number of seats" },
        { "Seats", "-3", "Enter a number of 0 or more." },
        { "Seats", "1000000", "Enter 1 to 5,000" },
        { "Seats", "2.5", "Enter a whole number." },
        { "MonthlyBillPerSite", "lots", "as a number" },
        { "Lines", "500", "500 lines for 10 seats is more than four a seat" },
        { "PbxPurchasePrice", "", "Enter the price you paid for your PBX" },
        { "MaintenancePercent", "90", "Enter 0 to 50" },
        { "CurrentPbx", "a cloud", "Choose whether you have a PBX today." },
        { "Assumptions[it-hourly-rate]", "-5", "Enter 0 to 1000 (an hour)." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_GetsAMessageNextToItsField_AndStoresNothing(string field, string value, string message)
    {
        using var browser = portal.CreateBrowser();
        var (leads, emails) = await CountsAsync();

        // Asked for the report too: nothing is stored or sent while a figure is wrong.
        var response = await browser.SubmitAsync("/compare", "/compare/report", Fields([(field, value), .. Contact(NewEmail())]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches($"data-error-for=\"{Regex.Escape(field)}\">[^<]*{Regex.Escape(message)}", page);
        Assert.Equal((leads, emails), await CountsAsync());
    }

    [Theory]
    [InlineData("FullName", "", "Enter your name.")]
    [InlineData("Email", "", "Enter your work email address")]
    [InlineData("Email", "not-an-address", "Enter an email address such as")]
    public async Task AReportWithoutContactDetails_IsRefusedNextToTheField(string field, string value, string message)
    {
        using var browser = portal.CreateBrowser();
        var (leads, emails) = await CountsAsync();
        var contact = Contact(NewEmail()).Select(c => c.Key == field ? (c.Key, value) : c).ToArray();

        var response = await browser.SubmitAsync("/compare", "/compare/report", Fields(contact));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches($"data-error-for=\"{field}\">[^<]*{Regex.Escape(message)}", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal((leads, emails), await CountsAsync());
    }

    [Fact]
    public async Task AskingForTheReport_EmailsOnlyAConfirmation_ThenThePdfOnceConfirmed_AndTheLinkFillsTheTrialForm()
    {
        using var browser = portal.CreateBrowser();
        var email = NewEmail();

        var asked = await browser.SubmitAsync("/compare", "/compare/report", Fields(Contact(email)));

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains($"We sent a link to <strong>{email}</strong>", await asked.Content.ReadAsStringAsync());
        var lead = await portal.WithDbAsync(db => db.ComparisonLeads.AsNoTracking().SingleAsync(l => l.Email == email));
        Assert.Null(lead.ConfirmedAtUtc);
        Assert.Equal((2_070_000L, 381_400L, 1_191_400L, 1), (lead.OnPremiseTotalCents, lead.HostedTotalCents, lead.TrunksTotalCents!.Value, lead.BreakEvenMonth!.Value));
        // The first email carries no attachment and nothing the requester typed but the address.
        var confirmation = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == email));
        Assert.Equal("comparison-confirm", confirmation.Template);
        Assert.Null(confirmation.AttachmentPath);
        Assert.DoesNotContain("Dana", confirmation.HtmlBody + confirmation.TextBody + confirmation.ToName);
        Assert.DoesNotContain("Acme", confirmation.HtmlBody + confirmation.TextBody + confirmation.Subject);
        var link = ConfirmLink().Match(confirmation.TextBody);
        Assert.True(link.Success, confirmation.TextBody);
        var path = link.Groups[1].Value;
        var token = link.Groups[2].Value;

        // An unconfirmed report's link fills nothing in.
        Assert.DoesNotContain(email, await browser.GetPageAsync($"/trial?report={token}"));
        // Opening the link (as a mail scanner would) sends nothing: the page asks.
        Assert.Contains("Send my report", await browser.GetPageAsync(path));
        Assert.Equal(1, await portal.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.ToAddress == email)));

        var confirmed = await browser.SubmitAsync(path, path, []);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains($"Your report is on its way to {email}", WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync()));
        // The link now only says so (and offers the trial): no second report.
        var again = await browser.GetPageAsync(path);
        Assert.DoesNotContain("Send my report", again);
        Assert.Contains("id=\"start-trial\"", again);

        var report = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == email && e.Template == "comparison-report"));
        Assert.Equal(("application/pdf", "cost-comparison-acme-dental.pdf"), (report.AttachmentType, report.AttachmentName));
        Assert.Contains("$3,814", report.HtmlBody);
        Assert.Contains($"/trial?report={token}", report.HtmlBody);
        using (var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(report.AttachmentPath!)))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Cost comparison for Acme Dental", text);
            Assert.Contains("Prepared for Dana Prospect", text);
            Assert.Contains("$20,700", text);
            Assert.Contains("$3,814", text);
            Assert.Contains("$11,914", text);
            Assert.Contains("from the first month", text);
        }
        Assert.NotNull((await portal.WithDbAsync(db => db.ComparisonLeads.AsNoTracking().SingleAsync(l => l.Email == email))).ConfirmedAtUtc);

        var trial = WebUtility.HtmlDecode(await browser.GetPageAsync($"/trial?report={token}"));
        Assert.Matches("name=\"Form.FullName\"[^>]*value=\"Dana Prospect\"|value=\"Dana Prospect\"[^>]*name=\"Form.FullName\"", trial);
        Assert.Contains($"value=\"{email}\"", trial);
        Assert.Contains("value=\"Acme Dental\"", trial);
        Assert.DoesNotContain("Dana Prospect", await browser.GetPageAsync("/trial?report=" + new string('A', 43)));
    }

    [Fact]
    public async Task OneAddress_GetsAtMostThreeReportRequestsADay()
    {
        using var browser = portal.CreateBrowser();
        var email = NewEmail();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SubmitAsync("/compare", "/compare/report", Fields(Contact(email)))).StatusCode);
        }

        var fourth = await browser.SubmitAsync("/compare", "/compare/report", Fields(Contact(email.ToUpperInvariant())));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, fourth.StatusCode);
        Assert.Contains("We already sent report emails to this address today", WebUtility.HtmlDecode(await fourth.Content.ReadAsStringAsync()));
        Assert.Equal(3, await portal.WithDbAsync(db => db.ComparisonLeads.CountAsync(l => l.NormalizedEmail == email.ToUpperInvariant())));
        Assert.Equal(3, await portal.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.ToAddress.ToUpper() == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task SupportReadsTheLeads_ButOnlyAnAdminChangesTheAssumptions_WhichIsAudited()
    {
        using var prospect = portal.CreateBrowser();
        var email = NewEmail();
        await prospect.SubmitAsync("/compare", "/compare/report", Fields(Contact(email)));

        var supportEmail = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var support = portal.CreateBrowser();
        await support.LogInAsync(supportEmail, Staff.Password);
        var leads = WebUtility.HtmlDecode(await support.GetPageAsync("/admin/leads"));
        Assert.Contains($"data-lead=\"{email}\"", leads);
        Assert.Contains("not confirmed", leads);
        var denied = await support.GetAsync("/admin/comparison-rates");
        Assert.Contains("/account/access-denied", denied.Headers.Location!.ToString());

        var adminEmail = await Staff.CreateAsync(portal, StaffRoles.Admin);
        using var admin = portal.CreateBrowser();
        await admin.LogInAsync(adminEmail, Staff.Password);
        var refused = await admin.SubmitAsync("/admin/comparison-rates", "/admin/comparison-rates/it-hourly-rate", [new("value", "-1")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Enter 0 to 1000", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.False(await portal.WithDbAsync(db => db.ComparisonRates.AnyAsync(r => r.Code == "it-hourly-rate" && r.ValueMicros < 0)));

        var saved = await admin.SubmitAsync("/admin/comparison-rates", "/admin/comparison-rates/it-hourly-rate", [new("value", "80")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("id=\"Form_Assumptions_it-hourly-rate\" name=\"Form.Assumptions[it-hourly-rate]\" value=\"80\"", await prospect.GetPageAsync("/compare"));
        var audit = await portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "comparison.rate-changed").OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal((adminEmail, "IT staff cost"), (audit.Actor, audit.Target));
        Assert.EndsWith("→ 80 (an hour)", audit.Detail);
    }

    private Task<(int Leads, int Emails)> CountsAsync() =>
        portal.WithDbAsync(async db => (await db.ComparisonLeads.CountAsync(), await db.OutboxEmails.CountAsync()));

    [GeneratedRegex(@"https?://[^/\s]+(/compare/report/([A-Za-z0-9_-]+))")]
    private static partial Regex ConfirmLink();
}

public sealed class CostComparisonTestsOnSqlite(SqlitePortal portal) : CostComparisonTests<SqlitePortal>(portal);

public sealed class CostComparisonTestsOnPostgres(PostgresPortal portal) : CostComparisonTests<PostgresPortal>(portal);
