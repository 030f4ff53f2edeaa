using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Help;

/// <summary>Titles of help articles by slug, for pages that link a fixed set of guides (the dashboard's
/// quick-start). Kept in the output-cache store under the public pages' help tag, so the same
/// invalidation evicts them: a help change saved on this node shows at once, another node's copy
/// lives at most <see cref="PublicPageCacheOptions.Seconds"/> (as the cached help pages; decision 029).</summary>
public sealed class HelpTitles(PortalDbContext db, IOutputCacheStore store, IOptions<PublicPageCacheOptions> options)
{
    /// <summary>(slug, title) of the articles among <paramref name="slugs"/>, in that order; missing ones are left out.</summary>
    public async Task<List<(string Slug, string Title)>> OfAsync(string[] slugs, CancellationToken ct)
    {
        var seconds = options.Value.Seconds;
        var key = "help-titles:" + string.Join(',', slugs);
        if (seconds > 0 && await store.GetAsync(key, ct) is { } cached)
        {
            return JsonSerializer.Deserialize<string[][]>(cached)!.Select(p => (p[0], p[1])).ToList();
        }
        var found = await db.HelpArticles.AsNoTracking().Where(a => slugs.Contains(a.Slug)).Select(a => new { a.Slug, a.Title }).ToListAsync(ct);
        var titles = slugs.Select(s => found.FirstOrDefault(a => a.Slug == s)).Where(a => a is not null).Select(a => (a!.Slug, a.Title)).ToList();
        if (seconds > 0)
        {
            await store.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(titles.Select(t => new[] { t.Slug, t.Title }).ToArray()),
                [PublicPageCache.HelpTag], TimeSpan.FromSeconds(seconds), ct);
        }
        return titles;
    }
}
