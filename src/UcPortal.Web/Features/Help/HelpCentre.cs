using System.Globalization;
using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Help;

public sealed record HelpSearchHit(string Slug, string Title, string Summary, string Category);

/// <summary>An article as one reader sees it: in their language when it has that translation, else
/// in English with <see cref="IsFallback"/> set (the page says so).</summary>
public sealed record HelpArticleText(
    int Id, string Slug, int CategoryId, string Category, string Title, string Summary, string Markdown,
    DateTime UpdatedAtUtc, string Culture, bool IsFallback);

public sealed record HelpCategoryText(int Id, string Name, List<HelpArticleText> Articles);

/// <summary>Reads the help centre as customers see it (published articles only), in the reader's
/// language (decision 036): categories with their articles, one article, and search.</summary>
public sealed class HelpCentre(PortalDbContext db, IStringLocalizer<SharedResource> t)
{
    private static string Reader => PortalCultures.Normalise(CultureInfo.CurrentUICulture.Name) ?? PortalCultures.English;

    public async Task<List<HelpCategoryText>> GetCategoriesAsync(CancellationToken ct = default)
    {
        var culture = Reader;
        var categories = await db.HelpCategories.AsNoTracking()
            .Include(c => c.Articles.Where(a => a.IsPublished).OrderBy(a => a.SortOrder))
            .ThenInclude(a => a.Translations.Where(x => x.Culture == culture))
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .ToListAsync(ct);
        return categories.Select(c => new HelpCategoryText(c.Id, t[c.Name], c.Articles.Select(a => Text(a, t[c.Name], culture)).ToList())).ToList();
    }

    public async Task<HelpArticleText?> GetArticleAsync(string slug, CancellationToken ct = default)
    {
        var culture = Reader;
        var article = await db.HelpArticles.AsNoTracking().Include(a => a.Category)
            .Include(a => a.Translations.Where(x => x.Culture == culture))
            .SingleOrDefaultAsync(a => a.Slug == slug && a.IsPublished, ct);
        return article is null ? null : Text(article, t[article.Category?.Name ?? ""], culture);
    }

    private static HelpArticleText Text(HelpArticle a, string category, string culture)
    {
        if (culture == PortalCultures.English)
        {
            return new(a.Id, a.Slug, a.CategoryId, category, a.Title, a.Summary, a.Markdown, a.UpdatedAtUtc, PortalCultures.English, false);
        }
        var x = a.Translations.FirstOrDefault(x => x.Culture == culture);
        return x is null
            ? new(a.Id, a.Slug, a.CategoryId, category, a.Title, a.Summary, a.Markdown, a.UpdatedAtUtc, PortalCultures.English, true)
            : new(a.Id, a.Slug, a.CategoryId, category, x.Title, x.Summary, x.Markdown, x.UpdatedAtUtc, culture, false);
    }

    /// <summary>Every term of the query (<see cref="HelpSearchText.Terms"/>: words, and pairs of Chinese
    /// characters) must occur in the article's English title, summary or body, or in one of its
    /// translations' normalised text; hits are shown in the reader's language, title matches first.</summary>
    public async Task<List<HelpSearchHit>> SearchAsync(string query, CancellationToken ct = default)
    {
        var terms = HelpSearchText.Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        var english = db.HelpArticles.AsNoTracking().Where(a => a.IsPublished);
        var translated = db.HelpArticleTranslations.AsNoTracking().Where(x => x.Article!.IsPublished);
        foreach (var term in terms)
        {
            english = english.Where(a => a.Title.ToLower().Contains(term) || a.Summary.ToLower().Contains(term) || a.Markdown.ToLower().Contains(term));
            translated = translated.Where(x => x.SearchText.Contains(term));
        }
        var ids = (await english.Select(a => a.Id).ToListAsync(ct)).Concat(await translated.Select(x => x.ArticleId).ToListAsync(ct)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var culture = Reader;
        var articles = await db.HelpArticles.AsNoTracking().Include(a => a.Category)
            .Include(a => a.Translations.Where(x => x.Culture == culture))
            .Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        return articles.Select(a => Text(a, t[a.Category?.Name ?? ""], culture))
            .OrderByDescending(h => terms.Count(w => HelpSearchText.Normalise(h.Title).Contains(w, StringComparison.Ordinal)))
            .ThenBy(h => h.Title, StringComparer.Ordinal)
            .Select(h => new HelpSearchHit(h.Slug, h.Title, h.Summary, h.Category))
            .ToList();
    }
}
