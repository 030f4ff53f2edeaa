using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Help;

public sealed class HelpArticlePage
{
    public required HelpArticleText Article { get; init; }
    public required string Html { get; init; }
    public List<HelpArticleText> Related { get; init; } = [];
}

public sealed class HelpSearchPage
{
    public string Query { get; init; } = "";
    public List<HelpSearchHit> Hits { get; init; } = [];
}

[AllowAnonymous]
[Route("help")]
public sealed class HelpController(HelpCentre help, MarkdownRenderer markdown) : Controller
{
    [HttpGet("")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PublicPageCache.HelpTag])]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await help.GetCategoriesAsync(ct));

    [HttpGet("search")]
    public async Task<IActionResult> Search(string? q, CancellationToken ct)
    {
        var query = (q ?? "").Trim();
        if (query.Length > 100)
        {
            query = query[..100];
        }
        return View(new HelpSearchPage { Query = query, Hits = await help.SearchAsync(query, ct) });
    }

    [HttpGet("{slug}")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PublicPageCache.HelpTag])]
    public async Task<IActionResult> Article(string slug, CancellationToken ct)
    {
        var article = await help.GetArticleAsync(slug, ct);
        if (article is null)
        {
            return NotFound();
        }
        var categories = await help.GetCategoriesAsync(ct);
        var related = categories.FirstOrDefault(c => c.Id == article.CategoryId)?.Articles.Where(a => a.Id != article.Id).ToList() ?? [];
        return View(new HelpArticlePage { Article = article, Html = markdown.ToHtml(article.Markdown), Related = related });
    }
}
