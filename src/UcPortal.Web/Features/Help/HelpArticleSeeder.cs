using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;

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

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var shipped = LoadShippedArticles();
        var existingSlugs = await db.HelpArticles.Select(a => a.Slug).ToListAsync(ct);
        var missing = shipped.Where(a => !existingSlugs.Contains(a.Slug)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var categories = await db.HelpCategories.ToDictionaryAsync(c => c.Name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var article in missing)
        {
            if (!categories.TryGetValue(article.Category, out var category))
            {
                var order = Array.IndexOf(CategoryOrder, article.Category);
                category = new HelpCategory { Name = article.Category, Slug = Slugify(article.Category), SortOrder = order < 0 ? 99 : order };
                categories[article.Category] = category;
                db.HelpCategories.Add(category);
            }
            db.HelpArticles.Add(new HelpArticle
            {
                Slug = article.Slug, Title = article.Title, Summary = article.Summary, Markdown = article.Markdown,
                Category = category, SortOrder = article.Order, UpdatedAtUtc = now,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
    }

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
