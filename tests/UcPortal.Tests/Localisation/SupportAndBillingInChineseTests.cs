using System.Net;
using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using UcPortal.Data.Entities;
using UcPortal.Tests.Billing;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;

namespace UcPortal.Tests.Localisation;

/// <summary>A trial owner's support (help desk), billing, upgrade and porting pages in zh-CN, including the answers
/// to bad input and the messages after a change, with no English left (<see cref="NoEnglishLeft"/>), on both databases.</summary>
public abstract partial class SupportAndBillingInChineseTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static async Task<TenantOwner> ChineseOwnerAsync(PortalFactory portal)
    {
        var owner = await TenantOwner.CreateAsync(portal);
        var switched = await owner.Browser.PostWithTokenAsync("/support", "/language", [new("culture", "zh-CN"), new("returnUrl", "/support")]);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        return owner;
    }

    private static async Task AssertChineseAsync(PortalBrowser browser, string route)
    {
        var html = await browser.GetPageAsync(route);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        NoEnglishLeft.AssertNone(route, NoEnglishLeft.VisibleText(html));
    }

    [Fact]
    public async Task TheSupportPages_AndTheirAnswers_AreInChinese()
    {
        using var owner = await ChineseOwnerAsync(portal);
        await AssertChineseAsync(owner.Browser, "/support");
        await AssertChineseAsync(owner.Browser, "/support/new");

        var refused = await owner.Browser.SubmitAsync("/support/new", "/support/new", [new("Form.Subject", ""), new("Form.Category", ""), new("Form.Message", "太短")]);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请选择问题类型。", refusedPage);
        NoEnglishLeft.AssertNone("refused ticket", NoEnglishLeft.VisibleText(refusedPage));

        var opened = await owner.Browser.SubmitAsync("/support/new", "/support/new",
            [new("Form.Subject", "分机 101 无法注册"), new("Form.Category", "CallsAndPhones"), new("Form.Message", "今天早上开始 Zoiper 一直提示 403。")]);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var id = int.Parse(TicketUrl().Match(opened.Headers.Location!.OriginalString).Groups[1].Value);
        var ticket = await owner.Browser.GetPageAsync($"/support/{id}");
        Assert.Contains($"工单 #{id} 已提交", ticket);
        Assert.Contains("等待支持团队处理", ticket);
        NoEnglishLeft.AssertNone("ticket", NoEnglishLeft.VisibleText(ticket).Replace("Ada Lovelace", " ")); // the author's name (test data)
        await AssertChineseAsync(owner.Browser, "/support");
    }

    [Fact]
    public async Task TheBillingPage_OfATrial_IsInChinese()
    {
        using var owner = await ChineseOwnerAsync(portal);
        var html = await owner.Browser.GetPageAsync("/billing");
        Assert.Contains("保留您已完成的所有设置", html);
        Assert.Contains("您的试用将于", html);
        // Data, not page text: the company's name, the trial number's city, the catalogue's plan name, and the
        // trial credit ("… min", composed by Trials) are left out; the rest of the page must be Chinese.
        var company = await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.Name).SingleAsync());
        var text = NoEnglishLeft.VisibleText(html).Replace(company, " ").Replace("Free trial", " ").Replace(" min", " ");
        text = Regex.Replace(text, @"Testville \w+", " ");
        NoEnglishLeft.AssertNone("/billing", text);
    }

    /// <summary>The routes these tests render in zh-CN (read by <see cref="CustomerRoutesTests"/>).</summary>
    public static readonly string[] Routes =
    [
        "/support", "/support/new", "/support/{id}", "/billing", "/billing/upgrade", "/billing/return", "/billing/return/status",
        "/billing/numbers/search", "/pbx/porting", "/pbx/porting/{id}",
    ];

    /// <summary>What names the tenant's own data (company, people, cities, its numbers' cities): theirs, not ours to translate.</summary>
    private Task<List<string>> TenantDataAsync(Guid tenantId) => portal.WithDbAsync(async db =>
        (await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).ToListAsync())
            .Concat(await db.Users.Where(u => u.TenantId == tenantId).Select(u => u.FullName).ToListAsync())
            .Concat(await db.Extensions.Where(e => e.TenantId == tenantId).Select(e => e.Name).ToListAsync())
            .Concat(await db.PhoneNumbers.Where(n => n.TenantId == tenantId).Select(n => n.City).ToListAsync())
            .Where(n => !string.IsNullOrWhiteSpace(n)).Distinct().OrderByDescending(n => n.Length).ToList());

    private async Task AssertChineseAsync(Guid tenantId, string where, string html, params string[] alsoData)
    {
        Assert.Contains("<html lang=\"zh-CN\">", html);
        var data = (await TenantDataAsync(tenantId)).Concat(alsoData).OrderByDescending(n => n.Length);
        NoEnglishLeft.AssertNone(where, data.Aggregate(NoEnglishLeft.VisibleText(html), (text, name) => text.Replace(name, " ")));
    }

    private Task<BillingCheckout> LatestCheckoutAsync(Guid tenantId) =>
        portal.WithDbAsync(db => db.BillingCheckouts.AsNoTracking().Where(c => c.TenantId == tenantId).OrderByDescending(c => c.CreatedAtUtc).FirstAsync());

    [Fact]
    public async Task TheUpgradePage_ItsRefusal_AndEveryReturnPage_AreInChinese()
    {
        using var owner = await ChineseOwnerAsync(portal);
        var upgrade = await owner.Browser.GetPageAsync("/billing/upgrade");
        Assert.Contains("选择套餐", upgrade);
        Assert.Contains("您现有的号码将保留", upgrade);
        await AssertChineseAsync(owner.TenantId, "/billing/upgrade", upgrade);
        await AssertChineseAsync(owner.TenantId, "/billing/upgrade?cancelled=true", await owner.Browser.GetPageAsync("/billing/upgrade?cancelled=true"));

        var refused = await TestModeBilling.PostUpgradeAsync(owner.Browser, await TestModeBilling.OpenUpgradeFormAsync(owner.Browser), "business", "99");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("额外号码数量须在 0 到 50 之间。", refusedPage);
        await AssertChineseAsync(owner.TenantId, "upgrade refused", refusedPage);

        // Waiting for the payment, declined, then paid.
        var checkoutPath = await TestModeBilling.StartCheckoutAsync(owner.Browser, "starter");
        var waiting = await LatestCheckoutAsync(owner.TenantId);
        var waitingPage = await owner.Browser.GetPageAsync($"/billing/return?checkout={waiting.Id}");
        Assert.Contains("正在开通套餐", waitingPage);
        await AssertChineseAsync(owner.TenantId, "return page, waiting", waitingPage);
        await AssertChineseAsync(owner.TenantId, "return status, waiting", "<html lang=\"zh-CN\">" + await owner.Browser.GetPageAsync($"/billing/return/status?checkout={waiting.Id}"));
        var declined = await owner.Browser.GetPageAsync(await TestModeBilling.AnswerCheckoutAsync(owner.Browser, checkoutPath, pay: false));
        Assert.Contains("您的银行卡被拒绝", declined);
        Assert.Contains("您仍在免费试用中", declined);
        await AssertChineseAsync(owner.TenantId, "return page, declined", declined);
        var paid = await owner.Browser.GetPageAsync(await TestModeBilling.UpgradeAsync(owner.Browser, "starter"));
        Assert.Contains("您已开通入门版", paid);
        await AssertChineseAsync(owner.TenantId, "return page, paid", paid);
        // Already paid: the upgrade page says so.
        var again = await owner.Browser.GetPageAsync("/billing/upgrade");
        Assert.Contains("您已有付费套餐", again);
        await AssertChineseAsync(owner.TenantId, "upgrade when paid", again);
    }

    [Fact]
    public async Task APaidBillingPage_ItsPlanChoices_AndTheAnswersToEachChange_AreInChinese()
    {
        using var owner = await ChineseOwnerAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "starter");
        var invoiceNumbers = await portal.WithDbAsync(db => db.BillingInvoices.Where(i => i.TenantId == owner.TenantId).Select(i => i.Number).ToListAsync());

        var page = await owner.Browser.GetPageAsync("/billing");
        Assert.Contains("个分机", page); // the plan choices' descriptions
        Assert.Contains("差额约", page);
        await AssertChineseAsync(owner.TenantId, "/billing (paid)", page, [.. invoiceNumbers]);

        async Task<string> AfterAsync(string where, string action, params KeyValuePair<string, string>[] fields)
        {
            var response = await owner.Browser.PostWithTokenAsync("/billing", action, fields);
            var html = response.StatusCode == HttpStatusCode.Redirect ? await owner.Browser.GetPageAsync("/billing") : await response.Content.ReadAsStringAsync();
            await AssertChineseAsync(owner.TenantId, where, html, [.. invoiceNumbers]);
            return html;
        }

        Assert.Contains("您已更换为商务版。", await AfterAsync("plan changed", "/billing/plan", new KeyValuePair<string, string>("planCode", "business")));
        Assert.Contains("您当前已是商务版。", await AfterAsync("same plan refused", "/billing/plan", new KeyValuePair<string, string>("planCode", "business")));
        Assert.Contains("您的套餐将于", await AfterAsync("cancelled", "/billing/cancel"));
        Assert.Contains("已撤销取消", await AfterAsync("resumed", "/billing/resume"));
        Assert.Contains("请选择 1 到 10 个号码。", await AfterAsync("add numbers refused", "/billing/numbers", new KeyValuePair<string, string>("area", "GB|Nowhere"), new KeyValuePair<string, string>("count", "0")));
        var number = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == owner.TenantId).Select(n => n.Id).FirstAsync());
        Assert.Contains("您的账户至少需要保留一个号码", await AfterAsync("release refused", $"/billing/numbers/{number}/release"));

        var search = await owner.Browser.GetAsync("/billing/numbers/search?Country=GB&Digits=1&Match=Contains");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, search.StatusCode);
        var panel = await search.Content.ReadAsStringAsync();
        Assert.Contains("在号码中间搜索时请至少输入 3 位数字", panel);
        await AssertChineseAsync(owner.TenantId, "number search refused", "<html lang=\"zh-CN\">" + panel);
    }

    private static readonly byte[] Letter = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    private static async Task<HttpResponseMessage> PostMultipartAsync(PortalBrowser browser, string tokenPage, string action, Dictionary<string, string> fields, byte[]? letter, string letterField)
    {
        var page = await browser.GetPageAsync(tokenPage);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(WebUtility.HtmlDecode(FormToken().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }
        if (letter is not null)
        {
            var bytes = new ByteArrayContent(letter);
            bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            content.Add(bytes, letterField, "letter.pdf");
        }
        return await browser.Http.PostAsync(action, content);
    }

    [Fact]
    public async Task ThePortingPages_TheirRefusals_AndTheirAnswers_AreInChinese()
    {
        using var trial = await PbxTenants.CreateAsync(portal, paid: false);
        Assert.Equal(HttpStatusCode.Redirect, (await trial.Owner.PostWithTokenAsync("/pbx/porting", "/language", [new("culture", "zh-CN"), new("returnUrl", "/pbx/porting")])).StatusCode);
        var notYet = await trial.Owner.GetPageAsync("/pbx/porting");
        Assert.Contains("携号转入属于付费套餐的服务", notYet);
        await AssertChineseAsync(trial.Id, "/pbx/porting (trial)", notYet);

        using var tenant = await PbxTenants.CreateAsync(portal, paid: true);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync("/pbx/porting", "/language", [new("culture", "zh-CN"), new("returnUrl", "/pbx/porting")])).StatusCode);
        await AssertChineseAsync(tenant.Id, "/pbx/porting", await tenant.Owner.GetPageAsync("/pbx/porting"));

        var refused = await PostMultipartAsync(tenant.Owner, "/pbx/porting", "/pbx/porting", new()
        {
            ["Form.Number"] = "12", ["Form.CurrentProvider"] = "", ["Form.AccountNumber"] = "", ["Form.AuthorisedName"] = "", ["Form.WantedDate"] = "2020-01-01",
        }, null, "Form.Letter");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请输入该号码目前所在的运营商。", refusedPage);
        Assert.Contains("该日期已过去", refusedPage);
        await AssertChineseAsync(tenant.Id, "porting refused", refusedPage);

        var number = $"+441614960{Random.Shared.Next(0, 500):D3}";
        var wanted = UcPortal.Web.Features.Porting.PortingRules.AddBusinessDays(DateOnly.FromDateTime(DateTime.UtcNow), 6).ToString("yyyy-MM-dd");
        var sent = await PostMultipartAsync(tenant.Owner, "/pbx/porting", "/pbx/porting", new()
        {
            ["Form.Number"] = number, ["Form.CurrentProvider"] = "老电信", ["Form.AccountNumber"] = "A-778899", ["Form.AuthorisedName"] = "李伟", ["Form.WantedDate"] = wanted,
        }, Letter, "Form.Letter");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var url = sent.Headers.Location!.OriginalString;
        var submitted = await tenant.Owner.GetPageAsync(url);
        Assert.Contains("的申请已提交", submitted);
        await AssertChineseAsync(tenant.Id, "porting request submitted", submitted);
        await AssertChineseAsync(tenant.Id, "/pbx/porting with a request", await tenant.Owner.GetPageAsync("/pbx/porting"));

        // Staff ask a question (in Chinese, as staff write to this customer): the answer form, a refusal, the answer.
        var id = int.Parse(url[(url.LastIndexOf('/') + 1)..]);
        await portal.WithDbAsync(async db =>
        {
            var request = await db.PortingRequests.SingleAsync(r => r.Id == id);
            request.Status = PortingStatus.InformationNeeded;
            request.StaffQuestion = "请上传最近一期账单。";
            return await db.SaveChangesAsync();
        });
        await AssertChineseAsync(tenant.Id, "porting question", await tenant.Owner.GetPageAsync(url));
        var empty = await PostMultipartAsync(tenant.Owner, url, $"{url}/answer", new() { ["answer"] = "" }, null, "letter");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.Contains("请填写您对问题的回复。", emptyPage);
        await AssertChineseAsync(tenant.Id, "porting answer refused", emptyPage);
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultipartAsync(tenant.Owner, url, $"{url}/answer", new() { ["answer"] = "账单已上传。" }, null, "letter")).StatusCode);
        var answered = await tenant.Owner.GetPageAsync(url);
        Assert.Contains("您的回复已转交", answered);
        await AssertChineseAsync(tenant.Id, "porting answered", answered);

        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync(url, $"{url}/cancel")).StatusCode);
        var cancelled = await tenant.Owner.GetPageAsync(url);
        Assert.Contains("的申请已取消", cancelled);
        Assert.Contains("已取消", cancelled);
        await AssertChineseAsync(tenant.Id, "porting cancelled", cancelled);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync(url, $"{url}/cancel")).StatusCode);
        Assert.Contains("此申请已取消，无法再更改", await tenant.Owner.GetPageAsync(url));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex(@"/support/(\d+)")]
    private static partial Regex TicketUrl();
}

public sealed class SupportAndBillingInChineseTestsOnSqlite(SqlitePortal portal) : SupportAndBillingInChineseTests<SqlitePortal>(portal);

public sealed class SupportAndBillingInChineseTestsOnPostgres(PostgresPortal portal) : SupportAndBillingInChineseTests<PostgresPortal>(portal);
