using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Help;

namespace UcPortal.Tests.Help;

public sealed class HelpCentreTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task TheHelpCentre_ListsCategoriesWithTheirArticles()
    {
        using var client = portal.CreateClient();

        var page = await client.GetStringAsync("/help");

        foreach (var category in new[] { "Getting started", "Softphones and desk phones", "Network and call quality", "Troubleshooting" })
        {
            Assert.Contains(category, page);
        }
        Assert.Contains("href=\"/help/set-up-zoiper\"", page);
    }

    [Theory]
    [InlineData("zoiper", "set-up-zoiper")]
    [InlineData("ONE-WAY audio", "troubleshoot-one-way-or-no-audio")]
    [InlineData("yealink", "set-up-a-desk-phone")]
    [InlineData("port", "choose-buy-and-port-numbers")]
    public async Task Search_FindsTheArticleAUserWouldExpect(string query, string slug)
    {
        using var client = portal.CreateClient();

        var page = await client.GetStringAsync("/help/search?q=" + Uri.EscapeDataString(query));

        Assert.Contains($"href=\"/help/{slug}\"", page);
    }

    [Fact]
    public async Task Search_WithNoMatch_SaysSo()
    {
        using var client = portal.CreateClient();

        var page = await client.GetStringAsync("/help/search?q=xylophone+submarine");

        Assert.Contains("No articles match", page);
    }

    [Fact]
    public async Task AnArticle_IsRenderedFromMarkdown_WithHeadingsAndTables()
    {
        using var client = portal.CreateClient();

        var page = await client.GetStringAsync("/help/codecs-and-bandwidth");

        Assert.Contains("<h2", page);
        Assert.Contains("<table class=\"table table-sm table-bordered\">", page);
        Assert.DoesNotContain("---\ntitle:", page);
    }

    [Fact]
    public async Task AnUnknownArticle_Is404()
    {
        using var client = portal.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/help/no-such-article")).StatusCode);
    }

    [Fact]
    public async Task Seeding_UpdatesArticlesNobodyEdited_AndKeepsEditedOnes()
    {
        const string OldShippedText = "An older shipped version.";
        await portal.WithDbAsync(async db =>
        {
            var untouched = await db.HelpArticles.SingleAsync(a => a.Slug == "set-up-linphone");
            untouched.Markdown = OldShippedText;
            untouched.ShippedContentHash = HelpArticleSeeder.ContentHash(untouched.Title, untouched.Summary, OldShippedText);
            var edited = await db.HelpArticles.SingleAsync(a => a.Slug == "set-up-zoiper");
            edited.Markdown = "Edited by our support team.";
            return await db.SaveChangesAsync();
        });

        await using (var scope = portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<HelpArticleSeeder>().SeedAsync();
        }

        var (linphone, zoiper) = await portal.WithDbAsync(async db => (
            await db.HelpArticles.AsNoTracking().SingleAsync(a => a.Slug == "set-up-linphone"),
            await db.HelpArticles.AsNoTracking().SingleAsync(a => a.Slug == "set-up-zoiper")));
        Assert.NotEqual(OldShippedText, linphone.Markdown);
        Assert.Contains("Linphone", linphone.Markdown);
        Assert.Equal("Edited by our support team.", zoiper.Markdown);
    }

    [Fact]
    public void Markdown_CannotInjectScript()
    {
        var html = new MarkdownRenderer().ToHtml("# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("href=\"javascript:", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("<h1", html);
    }

    [Fact]
    public void EveryShippedArticle_HasTitleCategorySummaryAndBody()
    {
        var articles = HelpArticleSeeder.LoadShippedArticles();

        Assert.True(articles.Count >= 12);
        Assert.All(articles, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Title));
            Assert.Contains(a.Category, HelpArticleSeeder.CategoryOrder);
            Assert.False(string.IsNullOrWhiteSpace(a.Summary));
            Assert.True(a.Markdown.Length > 800, $"{a.Slug} is too short to be useful");
        });
    }
}
