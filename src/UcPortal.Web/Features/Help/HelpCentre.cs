namespace UcPortal.Web.Features.Help;

public sealed record HelpSearchHit(string Slug, string Title, string Summary, string Category);

/// <summary>Reads the help centre as customers see it (published articles only): categories with their articles, one article, and search.</summary>
public sealed class HelpCentre(PortalDbContext db)
{
    public Task<List<HelpCategory>> GetCategoriesAsync(CancellationToken ct = default) =>
        db.HelpCategories.AsNoTracking()
            .Include(c => c.Articles.Where(a => a.IsPublished).OrderBy(a => a.SortOrder))
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .ToListAsync(ct);

    public Task<HelpArticle?> GetArticleAsync(string slug, CancellationToken ct = default) =>
        db.HelpArticles.AsNoTracking().Include(a => a.Category).SingleOrDefaultAsync(a => a.Slug == slug && a.IsPublished, ct);

    /// <summary>Every word of the query must occur in the title, summary or body (case-insensitive);
    /// title matches rank first. Good for a help centre of tens of articles, which is what we have.</summary>
    public async Task<List<HelpSearchHit>> SearchAsync(string query, CancellationToken ct = default)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant())
            .Where(w => w.Length >= 2)
            .Take(8)
            .ToList();
        if (words.Count == 0)
        {
            return [];
        }
        var q = db.HelpArticles.AsNoTracking().Where(a => a.IsPublished);
        foreach (var word in words)
        {
            q = q.Where(a => a.Title.ToLower().Contains(word) || a.Summary.ToLower().Contains(word) || a.Markdown.ToLower().Contains(word));
        }
        var hits = await q.Select(a => new { a.Slug, a.Title, a.Summary, Category = a.Category!.Name, a.SortOrder }).ToListAsync(ct);
        return hits
            .OrderByDescending(h => words.Count(w => h.Title.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(h => h.Title, StringComparer.Ordinal)
            .Select(h => new HelpSearchHit(h.Slug, h.Title, h.Summary, h.Category))
            .ToList();
    }
}
