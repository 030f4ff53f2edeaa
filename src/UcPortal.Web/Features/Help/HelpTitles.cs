using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Help;

/// <summary>Titles of help articles by slug, for pages that link a fixed set of guides (the dashboard's
/// quick-start). Kept in the output-cache store under the public pages' help tag, so the same
/// invalidation evicts them: a help change saved on this node shows at once, another node's copy
/// lives at most <see cref="PublicPageCacheOptions.Seconds"/> (as the cached help pages; decision 029).
/// Titles are in the reader's language where the article has a translation (decision 036), else English,
/// as the help centre falls back.</summary>
public sealed class HelpTitles(PortalDbContext db, IOutputCacheStore store, IOptions<PublicPageCacheOptions> options)
{
    /// <summary>(slug, title) of the articles among <paramref name="slugs"/>, in that order; missing ones are left out.</summary>
    public async Task<List<(string Slug, string Title)>> OfAsync(string[] slugs, CancellationToken ct)
    {
        var seconds = options.Value.Seconds;
        var culture = System.Globalization.CultureInfo.CurrentUICulture.Name;
        var english = culture is "" || culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var key = "help-titles:" + (english ? "en" : culture) + ":" + string.Join(',', slugs);
        if (seconds > 0 && await store.GetAsync(key, ct) is { } cached)
        {
            return JsonSerializer.Deserialize<string[][]>(cached)!.Select(p => (p[0], p[1])).ToList();
        }
        var found = await db.HelpArticles.AsNoTracking().Where(a => slugs.Contains(a.Slug)).Select(a => new { a.Slug, a.Title }).ToListAsync(ct);
        var translated = english
            ? []
            : await db.HelpArticleTranslations.AsNoTracking().Where(x => x.Culture == culture && slugs.Contains(x.Article!.Slug))
                .Select(x => new { x.Article!.Slug, x.Title }).ToDictionaryAsync(x => x.Slug, x => x.Title, ct);
        var titles = slugs.Select(s => found.FirstOrDefault(a => a.Slug == s)).Where(a => a is not null)
            .Select(a => (Slug: a!.Slug, Title: translated.GetValueOrDefault(a.Slug) is { Length: > 0 } t ? t : a.Title)).ToList();
        if (seconds > 0)
        {
            await store.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(titles.Select(t => new[] { t.Slug, t.Title }).ToArray()),
                [PublicPageCache.HelpTag], TimeSpan.FromSeconds(seconds), ct);
        }
        return titles;
    }
}
