using System.Net;
using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Localisation;

/// <summary>A trial owner's support (help desk) and billing pages in zh-CN, including the answers to bad input,
/// with no English left (<see cref="NoEnglishLeft"/>), on both databases.</summary>
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

    [GeneratedRegex(@"/support/(\d+)")]
    private static partial Regex TicketUrl();
}

public sealed class SupportAndBillingInChineseTestsOnSqlite(SqlitePortal portal) : SupportAndBillingInChineseTests<SqlitePortal>(portal);

public sealed class SupportAndBillingInChineseTestsOnPostgres(PostgresPortal portal) : SupportAndBillingInChineseTests<PostgresPortal>(portal);
