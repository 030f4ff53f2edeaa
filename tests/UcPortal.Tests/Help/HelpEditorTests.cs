using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Help;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Help;

/// <summary>The help centre editor: staff write Markdown that is rendered sanitized (no script, no
/// event handlers, no javascript: links), new articles are drafts until published, unpublished ones
/// disappear from the public help centre, addresses are unique, and customers cannot use the editor.</summary>
public sealed class HelpEditorTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    /// <summary>Markdown a hostile or careless author could write.</summary>
    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "<javascript:alert(1)>",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div onclick=\"alert(1)\">x</div>",
        "{onclick=alert(1)}\n# Title {onmouseover=alert(1)}",
        "[x](vbscript:msgbox(1))",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
    ];

    public static TheoryData<string> HostileMarkdown => new(Hostile);

    [Theory]
    [MemberData(nameof(HostileMarkdown))]
    public void HostileMarkdown_RendersWithoutScriptHandlersOrDangerousLinks(string markdown)
    {
        var html = new MarkdownRenderer().ToHtml(markdown).ToLowerInvariant();

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<iframe", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain("<img src=\"x\"", html);
        Assert.DoesNotMatch(@"<[^>]+\son\w+\s*=", html);
        Assert.DoesNotMatch(@"<[^>]*\s(href|src)\s*=\s*""\s*(javascript|vbscript|data):", html);
    }

    [Fact]
    public void OrdinaryMarkdown_KeepsItsLinksHeadingsAndTables()
    {
        var html = new MarkdownRenderer().ToHtml("## Ports\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[Zoiper](https://www.zoiper.com) · [mail](mailto:help@example.com) · [help](/help/set-up-zoiper)");

        Assert.Contains("<h2 id=\"ports\">Ports</h2>", html);
        Assert.Contains("<table class=\"table table-sm table-bordered\">", html);
        Assert.Contains("href=\"https://www.zoiper.com\"", html);
        Assert.Contains("href=\"mailto:help@example.com\"", html);
        Assert.Contains("href=\"/help/set-up-zoiper\"", html);
    }

    private async Task<PortalBrowser> StaffAsync()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }

    private Task<int> CategoryIdAsync() => portal.WithDbAsync(db => db.HelpCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).FirstAsync());

    private static KeyValuePair<string, string>[] ArticleForm(string title, string slug, int categoryId, string markdown) =>
    [
        new("Form.Title", title), new("Form.Slug", slug), new("Form.CategoryId", categoryId.ToString()),
        new("Form.Summary", "What a customer learns from this article."), new("Form.SortOrder", "10"), new("Form.Markdown", markdown),
    ];

    [Fact]
    public async Task ANewArticle_IsADraft_UntilPublished_ThenUnpublishedItDisappearsAgain_EachStepAudited()
    {
        using var staff = await StaffAsync();
        using var visitor = portal.CreateBrowser();
        var slug = "fax-over-ip-" + Guid.NewGuid().ToString("N")[..6];

        var created = await staff.SubmitAsync("/admin/help/new", "/admin/help/new",
            ArticleForm("Sending faxes over IP", slug, await CategoryIdAsync(), "## T.38\n\nFax machines need **T.38** or G.711 pass-through. Quokkafax."));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await portal.WithDbAsync(db => db.HelpArticles.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/help/{slug}")).StatusCode);
        Assert.DoesNotContain(slug, await visitor.GetPageAsync("/help/search?q=quokkafax"));

        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostWithTokenAsync($"/admin/help/{id}", $"/admin/help/{id}/publish")).StatusCode);
        Assert.Contains("<strong>T.38</strong>", await visitor.GetPageAsync($"/help/{slug}"));
        Assert.Contains($"href=\"/help/{slug}\"", await visitor.GetPageAsync("/help/search?q=quokkafax"));
        Assert.Contains($"href=\"/help/{slug}\"", await visitor.GetPageAsync("/help"));

        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostWithTokenAsync($"/admin/help/{id}", $"/admin/help/{id}/unpublish")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/help/{slug}")).StatusCode);
        Assert.DoesNotContain($"href=\"/help/{slug}\"", await visitor.GetPageAsync("/help"));

        var actions = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.Target == $"/help/{slug}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal([AuditActions.HelpArticleCreated, AuditActions.HelpArticlePublished, AuditActions.HelpArticleUnpublished], actions);
    }

    [Fact]
    public async Task HostileMarkdownSavedByStaff_IsServedSanitized_OnThePageAndInThePreview()
    {
        using var staff = await StaffAsync();
        var slug = "hostile-" + Guid.NewGuid().ToString("N")[..6];
        var markdown = string.Join("\n\n", Hostile) + "\n\nStill readable text.";
        var created = await staff.SubmitAsync("/admin/help/new", "/admin/help/new", ArticleForm("Hostile article", slug, await CategoryIdAsync(), markdown));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await portal.WithDbAsync(db => db.HelpArticles.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());
        await staff.PostWithTokenAsync($"/admin/help/{id}", $"/admin/help/{id}/publish");

        var page = await portal.CreateBrowser().GetPageAsync($"/help/{slug}");
        var article = page[page.IndexOf("<article", StringComparison.Ordinal)..page.IndexOf("</article>", StringComparison.Ordinal)].ToLowerInvariant();
        var preview = (await (await staff.PostWithTokenAsync($"/admin/help/{id}", "/admin/help/preview", [new("Form.Markdown", markdown)])).Content.ReadAsStringAsync()).ToLowerInvariant();

        foreach (var html in new string[] { article, preview })
        {
            Assert.Contains("still readable text.", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<iframe", html);
            Assert.DoesNotMatch(@"<[^>]+\son\w+\s*=", html);
            Assert.DoesNotMatch(@"<[^>]*\s(href|src)\s*=\s*""\s*(javascript|vbscript|data):", html);
        }
    }

    [Fact]
    public async Task AnAddressInUse_IsRefused_AndAShippedArticleKeepsItsAddress()
    {
        using var staff = await StaffAsync();
        var categoryId = await CategoryIdAsync();

        var taken = await staff.SubmitAsync("/admin/help/new", "/admin/help/new", ArticleForm("Another Zoiper article", "set-up-zoiper", categoryId, "Text."));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Contains("/help/set-up-zoiper is already the address of", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()));

        var reserved = await staff.SubmitAsync("/admin/help/new", "/admin/help/new", ArticleForm("Search", "search", categoryId, "Text."));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reserved.StatusCode);

        var shipped = await portal.WithDbAsync(db => db.HelpArticles.AsNoTracking().SingleAsync(a => a.Slug == "set-up-linphone"));
        var renamed = await staff.SubmitAsync($"/admin/help/{shipped.Id}", $"/admin/help/{shipped.Id}",
            ArticleForm(shipped.Title, "linphone", shipped.CategoryId, shipped.Markdown));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, renamed.StatusCode);
        Assert.Contains("its address stays", WebUtility.HtmlDecode(await renamed.Content.ReadAsStringAsync()));
        Assert.Equal(2, await portal.WithDbAsync(db => db.HelpArticles.CountAsync(a => a.Slug == "set-up-zoiper" || a.Slug == "set-up-linphone")));
    }

    [Fact]
    public async Task AnEditByStaff_IsKeptWhenThePortalSeedsItsArticlesAgain()
    {
        using var staff = await StaffAsync();
        var article = await portal.WithDbAsync(db => db.HelpArticles.AsNoTracking().SingleAsync(a => a.Slug == "codecs-and-bandwidth"));

        var saved = await staff.SubmitAsync($"/admin/help/{article.Id}", $"/admin/help/{article.Id}",
            ArticleForm(article.Title, article.Slug, article.CategoryId, article.Markdown + "\nOpus is not offered yet.\n"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var scope = portal.Scope())
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<HelpArticleSeeder>(scope.ServiceProvider).SeedAsync();
        }

        var after = await portal.WithDbAsync(db => db.HelpArticles.AsNoTracking().SingleAsync(a => a.Slug == "codecs-and-bandwidth"));
        Assert.Contains("Opus is not offered yet.", after.Markdown);
        Assert.StartsWith("support-", after.UpdatedBy);
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.HelpArticleEdited && a.Target == "/help/codecs-and-bandwidth")));
    }

    [Fact]
    public async Task ACustomer_CannotUseTheEditor()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var categoryId = await CategoryIdAsync();

        var page = await owner.Browser.GetAsync("/admin/help");
        var post = await owner.Browser.SubmitAsync("/support", "/admin/help/new", ArticleForm("Customer article", "customer-article", categoryId, "Hello."));

        Assert.Contains("/account/access-denied", page.Headers.Location!.ToString());
        Assert.Contains("/account/access-denied", post.Headers.Location!.ToString());
        Assert.False(await portal.WithDbAsync(db => db.HelpArticles.AnyAsync(a => a.Slug == "customer-article")));
    }
}
