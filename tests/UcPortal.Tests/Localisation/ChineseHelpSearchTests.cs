using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Help;

namespace UcPortal.Tests.Localisation;

/// <summary>The help centre in Chinese (decision 036): articles per language, a notice when one is
/// missing, and search that works without spaces between words, on both databases.</summary>
public abstract class ChineseHelpSearchTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private async Task<string> PageAsync(string url, string language = "zh-CN")
    {
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return await browser.GetPageAsync(url);
    }

    [Theory]
    [InlineData("试用结束", "what-the-free-trial-includes")]   // a phrase of the text, no spaces
    [InlineData("额外号码", "billing-invoices-and-payment-methods")]
    [InlineData("怎么升级付费套餐", "upgrade-from-trial-to-paid-plan")] // a question: most pairs occur, not all
    [InlineData("ＺＯＩＰＥＲ 测试电话", "make-your-first-test-call")]     // full-width letters are normalised
    public async Task AChineseQuery_FindsTheArticle(string query, string slug)
    {
        var page = await PageAsync("/help/search?q=" + Uri.EscapeDataString(query));

        Assert.Contains($"href=\"/help/{slug}\"", page);
    }

    [Fact]
    public async Task AChineseQuery_DoesNotMatchArticlesThatOnlyShareACharacter()
    {
        // 额 (amount) appears in many articles' "额度"; 额外号码 (extra numbers) only where numbers are bought.
        var page = await PageAsync("/help/search?q=" + Uri.EscapeDataString("额外号码"));

        Assert.DoesNotContain("href=\"/help/make-your-first-test-call\"", page);
    }

    [Fact]
    public async Task AChineseQuery_FromAnEnglishPage_FindsTheArticle_ShownInEnglish()
    {
        var page = await PageAsync("/help/search?q=" + Uri.EscapeDataString("试用结束"), "en");

        Assert.Contains("href=\"/help/what-the-free-trial-includes\"", page);
        Assert.Contains("What the free trial includes", page);
    }

    [Fact]
    public async Task SearchTerms_SplitChineseIntoPairs_AndKeepWords()
    {
        var (words, pairs) = HelpSearchText.Split("Zoiper 注册失败");
        Assert.Equal(["zoiper"], words);
        Assert.Equal(["注册", "册失", "失败"], pairs);
        Assert.Equal(["话"], HelpSearchText.Terms("话"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AnArticleInChinese_IsShownInChinese_AndOneWithoutAChineseText_InEnglishWithANotice()
    {
        var translated = await PageAsync("/help/what-the-free-trial-includes");
        Assert.Contains("免费试用包含的内容与限制", translated);
        Assert.DoesNotContain("id=\"help-fallback\"", translated);

        var slug = $"only-english-{Guid.NewGuid():N}"[..30];
        await portal.WithDbAsync(async db =>
        {
            var category = await db.HelpCategories.FirstAsync();
            db.HelpArticles.Add(new HelpArticle { Slug = slug, Title = "Only in English", Summary = "An article nobody translated yet.", Markdown = "Some text.\n", CategoryId = category.Id, UpdatedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var fallback = await PageAsync($"/help/{slug}");
        Assert.Contains("id=\"help-fallback\"", fallback);
        Assert.Contains("本文暂无中文版本", fallback);
        Assert.Contains("Only in English", fallback);
    }

    [Fact]
    public async Task ATranslationSavedByStaff_IsFoundAtOnce_ByItsNewWords()
    {
        var article = await portal.WithDbAsync(db => db.HelpArticles.Include(a => a.Translations).SingleAsync(a => a.Slug == "what-the-free-trial-includes"));
        await portal.WithDbAsync(async db =>
        {
            var row = await db.HelpArticleTranslations.SingleAsync(x => x.ArticleId == article.Id && x.Culture == "zh-CN");
            row.Markdown += "\n熊猫测试段落\n";
            row.SearchText = HelpSearchText.For(row.Title, row.Summary, row.Markdown);
            return await db.SaveChangesAsync();
        });

        var page = await PageAsync("/help/search?q=" + Uri.EscapeDataString("熊猫测试"));

        Assert.Contains("href=\"/help/what-the-free-trial-includes\"", page);
    }
}

public sealed class ChineseHelpSearchTestsOnSqlite(SqlitePortal portal) : ChineseHelpSearchTests<SqlitePortal>(portal);

public sealed class ChineseHelpSearchTestsOnPostgres(PostgresPortal portal) : ChineseHelpSearchTests<PostgresPortal>(portal);
