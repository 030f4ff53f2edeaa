using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Compare;

namespace UcPortal.Tests.Localisation;

/// <summary>The trial signup, its answers and the pages after it, the dashboard, the cost comparison and
/// the trial-feedback page in zh-CN, with no English left (<see cref="NoEnglishLeft"/>): the pages a
/// visitor reaches by posting a form or signing in, which <see cref="TranslatedPagesTests.Routes"/> cannot list.</summary>
public sealed class TranslatedSignupPagesTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    /// <summary>The routes these tests render in zh-CN (read by <see cref="CustomerRoutesTests"/>).</summary>
    public static readonly string[] Routes =
    [
        "/trial", "/trial/numbers", "/trial/verify-mobile", "/dashboard", "/dashboard/progress", "/compare", "/account/confirm-email", "/trial-feedback",
    ];

    private PortalBrowser ChineseBrowser()
    {
        var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        return browser;
    }

    private static async Task<string> ChinesePageAsync(string where, HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        NoEnglishLeft.AssertNone(where, NoEnglishLeft.VisibleText(html));
        return html;
    }

    [Fact]
    public async Task TheSignupForm_RefusingEveryField_AnswersInChinese()
    {
        using var browser = ChineseBrowser();
        var answer = await browser.SubmitAsync("/trial", "/trial",
        [
            new("Form.FullName", ""), new("Form.Company", ""), new("Form.Email", "not-an-address"), new("Form.Password", "short"),
            new("Form.Country", "GB"), new("Form.Mobile", "12"), new("Form.Area", ""),
        ]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("请输入您的姓名。", await ChinesePageAsync("signup refused by the annotations", answer));

        // Every field filled, refused by the use case (StartTrial).
        var refused = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: "not-an-address", mobile: "12"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await ChinesePageAsync("signup refused by StartTrial", refused);
        Assert.Contains("请输入有效的邮箱地址", html);
    }

    [Fact]
    public async Task TheSignupAnswer_WithAnEmailAlreadyUsed_IsInChinese()
    {
        using var first = ChineseBrowser();
        var form = TrialJourney.ValidForm();
        Assert.Equal(HttpStatusCode.Redirect, (await TrialJourney.SubmitAsync(first, form)).StatusCode);

        using var second = ChineseBrowser();
        var again = TrialJourney.ValidForm(email: form["Form.Email"]);
        var html = await ChinesePageAsync("signup with a used address", await TrialJourney.SubmitAsync(second, again));
        Assert.Contains("该邮箱已开通过试用", html);
    }

    [Fact]
    public async Task TheMobileCodePage_AWrongCode_AndTheProgressPage_AreInChinese()
    {
        using var browser = ChineseBrowser();
        var email = (await TrialJourney.SignUpAndConfirmEmailAsync(portal, browser)).Email;

        await ChinesePageAsync("verify-mobile", await browser.GetAsync("/trial/verify-mobile"));
        var wrong = await TrialJourney.EnterCodeAsync(browser, "000000");
        Assert.Contains("验证码错误", await ChinesePageAsync("wrong code", wrong));
        var resent = await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Contains("新的验证码已发送至", await ChinesePageAsync("code resent", await browser.GetAsync("/trial/verify-mobile")));
        var signup = await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Email == email));
        var verified = await TrialJourney.EnterCodeAsync(browser, await TrialJourney.MobileCodeAsync(portal, signup.Id));
        Assert.Equal("/dashboard", verified.Headers.Location?.OriginalString);
        Assert.Contains("正在开通试用", await ChinesePageAsync("provisioning progress", await browser.GetAsync("/dashboard")));
        // The part the provisioning page polls (htmx), while the trial is still being set up.
        var polled = await browser.GetAsync("/dashboard/progress");
        if (polled.Headers.Contains("HX-Refresh") is false)
        {
            NoEnglishLeft.AssertNone("/dashboard/progress", NoEnglishLeft.VisibleText(await polled.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task TheDashboard_OfAChineseOwner_IsInChinese()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var switched = await owner.Browser.PostWithTokenAsync("/dashboard", "/language", [new("culture", "zh-CN"), new("returnUrl", "/dashboard")]);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        // What the customer typed (company, names) and the test's own city are theirs, not ours to translate.
        await portal.WithDbAsync(async db =>
        {
            (await db.Tenants.SingleAsync(t => t.Id == owner.TenantId)).Name = "Acme";
            foreach (var extension in await db.Extensions.Where(e => e.TenantId == owner.TenantId).ToListAsync())
            {
                extension.Name = "李伟";
            }
            foreach (var number in await db.PhoneNumbers.Where(n => n.TenantId == owner.TenantId).ToListAsync())
            {
                number.City = "London";
            }
            return await db.SaveChangesAsync();
        });

        var html = await owner.Browser.GetPageAsync("/dashboard");

        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("快速入门：连接电话", html);
        // The guides are help articles: their titles come in Chinese from the articles' translations (HelpTitles).
        var text = NoEnglishLeft.VisibleText(html);
        NoEnglishLeft.AssertNone("/dashboard", text);
    }

    [Fact]
    public async Task TheComparison_ItsMessagesAndItsResults_AreInChinese()
    {
        using var browser = ChineseBrowser();
        var refused = await browser.SubmitAsync("/compare", "/compare", [new("Form.Seats", "many"), new("Form.Lines", ""), new("Form.Sites", "1")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("请填写数字", await ChinesePageAsync("compare refused", refused));

        var fields = new List<KeyValuePair<string, string>>
        {
            new("Form.Seats", "12"), new("Form.Lines", "4"), new("Form.Sites", "1"), new("Form.MonthlyBillPerSite", "300"),
            new("Form.CurrentPbx", "on-premise"), new("Form.PbxAgeYears", "6"), new("Form.PbxPurchasePrice", "5000"),
            new("Form.MaintenancePercent", "15"), new("Form.ItHoursPerMonth", "4"), new("Form.GrowthPercentPerYear", "5"),
        };
        fields.AddRange(ComparisonRates.All.Select(d => new KeyValuePair<string, string>($"Form.Assumptions[{d.Code}]", d.Default.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var compared = await browser.SubmitAsync("/compare", "/compare", fields);
        Assert.Equal(HttpStatusCode.OK, compared.StatusCode);
        Assert.Contains("未来三年", await ChinesePageAsync("compare results", compared));
    }

    [Fact]
    public async Task TheSignupsNumberSearch_AndItsRefusal_AreInChinese()
    {
        using var browser = ChineseBrowser();
        var refused = await browser.GetAsync("/trial/numbers?Form.Area=GB%7CLondon&Digits=1&Match=Contains");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var panel = await refused.Content.ReadAsStringAsync();
        Assert.Contains("在号码中间搜索时请至少输入 3 位数字", panel);
        NoEnglishLeft.AssertNone("/trial/numbers refused", NoEnglishLeft.VisibleText(panel));
        var found = await browser.GetAsync("/trial/numbers?Form.Area=GB%7CLondon&Digits=&Match=Contains");
        NoEnglishLeft.AssertNone("/trial/numbers", NoEnglishLeft.VisibleText(await found.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TheLinkPages_OfTheSignupAndTheTrialFeedback_AreInChinese()
    {
        using var browser = ChineseBrowser();
        await ChinesePageAsync("confirm-email failed", await browser.GetAsync("/account/confirm-email?userId=nobody&code=nothing"));
        await ChinesePageAsync("trial-feedback link not valid", await browser.GetAsync("/trial-feedback?t=not-a-token&reason=Other"));
    }
}
