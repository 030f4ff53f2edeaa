using System.Reflection;
using System.Text.RegularExpressions;

namespace UcPortal.Web.Features.Help;

/// <summary>Adds the help articles shipped with the portal (Features/Help/Articles/*.md, embedded)
/// that the database does not have yet, matched by slug.</summary>
public sealed partial class HelpArticleSeeder(PortalDbContext db, TimeProvider clock)
{
    internal sealed record ShippedArticle(string Slug, string Title, string Category, int Order, string Summary, string Markdown);

    internal static readonly string[] CategoryOrder =
    [
        "Getting started", "Softphones and desk phones", "Network and call quality", "Numbers",
        "Features", "Billing and plans", "Troubleshooting",
    ];

    /// <summary>Adds shipped articles the database lacks, and brings up to date the ones nobody
    /// has edited since they were shipped (their stored text still has the shipped hash).</summary>
    public async Task SeedAsync(CancellationToken ct = default)
    {
        var shipped = LoadShippedArticles();
        var existing = await db.HelpArticles.Include(a => a.Category).ToDictionaryAsync(a => a.Slug, ct);
        var categories = await db.HelpCategories.ToDictionaryAsync(c => c.Name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        HelpCategory CategoryFor(string name)
        {
            if (!categories.TryGetValue(name, out var category))
            {
                var order = Array.IndexOf(CategoryOrder, name);
                category = new HelpCategory { Name = name, Slug = Slugify(name), SortOrder = order < 0 ? 99 : order };
                categories[name] = category;
                db.HelpCategories.Add(category);
            }
            return category;
        }

        foreach (var article in shipped)
        {
            var hash = ContentHash(article.Title, article.Summary, article.Markdown);
            if (!existing.TryGetValue(article.Slug, out var stored))
            {
                db.HelpArticles.Add(new HelpArticle
                {
                    Slug = article.Slug, Title = article.Title, Summary = article.Summary, Markdown = article.Markdown,
                    Category = CategoryFor(article.Category), SortOrder = article.Order, UpdatedAtUtc = now, ShippedContentHash = hash,
                });
            }
            else if (stored.ShippedContentHash != hash &&
                     // No hash: seeded before hashes were kept, when staff could not edit articles yet.
                     (stored.ShippedContentHash is null || stored.ShippedContentHash == ContentHash(stored.Title, stored.Summary, stored.Markdown)))
            {
                stored.Title = article.Title;
                stored.Summary = article.Summary;
                stored.Markdown = article.Markdown;
                stored.SortOrder = article.Order;
                stored.Category = CategoryFor(article.Category);
                stored.ShippedContentHash = hash;
                stored.UpdatedAtUtc = now;
            }
        }
        SeedTranslations(existing, now);
        // An article we no longer ship (it described something the product does not do) goes,
        // unless staff edited it since.
        var shippedSlugs = shipped.Select(a => a.Slug).ToHashSet();
        foreach (var stale in existing.Values.Where(a => !shippedSlugs.Contains(a.Slug) && a.ShippedContentHash is not null
                     && a.ShippedContentHash == ContentHash(a.Title, a.Summary, a.Markdown)))
        {
            db.HelpArticles.Remove(stale);
        }
        if (!db.ChangeTracker.HasChanges())
        {
            return;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another portal node seeded at the same moment: its rows stand.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The shipped translations (Articles/zh-CN/*.md), by the same rule: added when missing,
    /// replaced while nobody edited them since they were shipped.</summary>
    private void SeedTranslations(Dictionary<string, HelpArticle> existing, DateTime now)
    {
        var translations = LoadShippedTranslations();
        if (translations.Count == 0)
        {
            return;
        }
        var articles = existing.Values.ToDictionary(a => a.Slug);
        foreach (var added in db.ChangeTracker.Entries<HelpArticle>().Where(e => e.State == EntityState.Added))
        {
            articles[added.Entity.Slug] = added.Entity;
        }
        var stored = db.HelpArticleTranslations.Include(x => x.Article).ToList()
            .ToDictionary(x => (x.Article!.Slug, x.Culture));
        foreach (var (culture, shipped) in translations)
        {
            if (!articles.TryGetValue(shipped.Slug, out var article))
            {
                continue;
            }
            var hash = ContentHash(shipped.Title, shipped.Summary, shipped.Markdown);
            if (!stored.TryGetValue((shipped.Slug, culture), out var row))
            {
                article.Translations.Add(new HelpArticleTranslation
                {
                    Culture = culture, Title = shipped.Title, Summary = shipped.Summary, Markdown = shipped.Markdown,
                    SearchText = HelpSearchText.For(shipped.Title, shipped.Summary, shipped.Markdown), UpdatedAtUtc = now, ShippedContentHash = hash,
                });
            }
            else if (row.ShippedContentHash != hash && row.ShippedContentHash == ContentHash(row.Title, row.Summary, row.Markdown))
            {
                row.Title = shipped.Title;
                row.Summary = shipped.Summary;
                row.Markdown = shipped.Markdown;
                row.SearchText = HelpSearchText.For(shipped.Title, shipped.Summary, shipped.Markdown);
                row.ShippedContentHash = hash;
                row.UpdatedAtUtc = now;
            }
        }
    }

    internal static List<(string Culture, ShippedArticle Article)> LoadShippedTranslations()
    {
        var assembly = typeof(HelpArticleSeeder).Assembly;
        const string prefix = "UcPortal.HelpZhCN.";
        var list = new List<(string, ShippedArticle)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var slug = name[prefix.Length..^3];
            list.Add((Localisation.PortalCultures.Chinese, ParseTranslation(slug, reader.ReadToEnd())));
        }
        return list;
    }

    /// <summary>A translation's front matter has only title and summary: category and order are the English article's.</summary>
    internal static ShippedArticle ParseTranslation(string slug, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var match = FrontMatter().Match(text);
        if (!match.Success)
        {
            throw new InvalidDataException($"Help article translation '{slug}' has no front matter.");
        }
        var fields = match.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        string Field(string key) => fields.TryGetValue(key, out var v) && v.Length > 0 ? v : throw new InvalidDataException($"Help article translation '{slug}' lacks '{key}'.");
        return new ShippedArticle(slug, Field("title"), "", 0, Field("summary"), text[match.Length..].Trim() + "\n");
    }

    internal static string ContentHash(string title, string summary, string markdown) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{title}\n{summary}\n{markdown}")));

    internal static List<ShippedArticle> LoadShippedArticles()
    {
        var assembly = typeof(HelpArticleSeeder).Assembly;
        const string prefix = "UcPortal.Help.";
        var list = new List<ShippedArticle>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var slug = name[prefix.Length..^3];
            list.Add(Parse(slug, reader.ReadToEnd()));
        }
        return list;
    }

    internal static ShippedArticle Parse(string slug, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var match = FrontMatter().Match(text);
        if (!match.Success)
        {
            throw new InvalidDataException($"Help article '{slug}' has no front matter.");
        }
        var fields = match.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        string Field(string key) => fields.TryGetValue(key, out var v) && v.Length > 0 ? v : throw new InvalidDataException($"Help article '{slug}' lacks '{key}'.");
        return new ShippedArticle(
            slug, Field("title"), Field("category"),
            int.TryParse(fields.GetValueOrDefault("order"), out var order) ? order : 99,
            Field("summary"), text[match.Length..].Trim() + "\n");
    }

    internal static string Slugify(string text) =>
        NonSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex(@"\A---\n(.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
