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

    /// <summary>The query's words must all occur, and most of its Chinese character pairs
    /// (<see cref="HelpSearchText"/>), in the article's English title, summary or body or in one of its
    /// translations' normalised text. One substring query per term (at most 12, on tens of articles);
    /// hits are shown in the reader's language, those matching more terms in their title first.</summary>
    public async Task<List<HelpSearchHit>> SearchAsync(string query, CancellationToken ct = default)
    {
        var (words, pairs) = HelpSearchText.Split(query);
        if (words.Count == 0 && pairs.Count == 0)
        {
            return [];
        }
        async Task<HashSet<int>> HavingAsync(string term) =>
            (await db.HelpArticles.AsNoTracking().Where(a => a.IsPublished && (a.Title.ToLower().Contains(term) || a.Summary.ToLower().Contains(term) || a.Markdown.ToLower().Contains(term)))
                .Select(a => a.Id).ToListAsync(ct))
            .Concat(await db.HelpArticleTranslations.AsNoTracking().Where(x => x.Article!.IsPublished && x.SearchText.Contains(term)).Select(x => x.ArticleId).ToListAsync(ct))
            .ToHashSet();
        HashSet<int>? ids = null;
        foreach (var word in words)
        {
            var having = await HavingAsync(word);
            ids = ids is null ? having : ids.Intersect(having).ToHashSet();
        }
        if (pairs.Count > 0)
        {
            var counts = new Dictionary<int, int>();
            foreach (var pair in pairs)
            {
                foreach (var id in await HavingAsync(pair))
                {
                    counts[id] = counts.GetValueOrDefault(id) + 1;
                }
            }
            var needed = HelpSearchText.PairsNeeded(pairs.Count);
            var enough = counts.Where(c => c.Value >= needed).Select(c => c.Key).ToHashSet();
            ids = ids is null ? enough : ids.Intersect(enough).ToHashSet();
        }
        if (ids is not { Count: > 0 })
        {
            return [];
        }
        var terms = words.Concat(pairs).ToList();
        var idList = ids.ToList();
        var culture = Reader;
        var articles = await db.HelpArticles.AsNoTracking().Include(a => a.Category)
            .Include(a => a.Translations.Where(x => x.Culture == culture))
            .Where(a => idList.Contains(a.Id)).ToListAsync(ct);
        return articles.Select(a => Text(a, t[a.Category?.Name ?? ""], culture))
            .OrderByDescending(h => terms.Count(w => HelpSearchText.Normalise(h.Title).Contains(w, StringComparison.Ordinal)))
            .ThenBy(h => h.Title, StringComparer.Ordinal)
            .Select(h => new HelpSearchHit(h.Slug, h.Title, h.Summary, h.Category))
            .ToList();
    }
}
