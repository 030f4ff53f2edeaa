using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Home;

/// <summary>No page, email, plan or help article promises what the product does not do. The
/// claims below are about features that are not built; when one is built, remove its line here
/// in the same change.</summary>
public sealed partial class HonestPagesTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    /// <summary>Features customers ask for that UcPortal does not have (yet), and how a page would claim them.</summary>
    private static readonly (string Feature, Regex Claim)[] NotBuilt =
    [
        ("toll-free numbers outside the US", new(@"toll-free numbers? in (several|many|\d+) countries|(local and|and) toll-free numbers in several", RegexOptions.IgnoreCase)),
        ("trial calls to domestic numbers (a trial calls only its verified mobile)", new(@"domestic numbers[^.|\n]{0,40}verified mobile|call domestic numbers and the mobile", RegexOptions.IgnoreCase)),
        ("call recording", new(@"\bcall recording\b", RegexOptions.IgnoreCase)),
        ("conference bridges", new(@"\bconference (bridge|room|call)s?\b", RegexOptions.IgnoreCase)),
        ("music on hold", new(@"\bmusic on hold\b|\bhold music\b", RegexOptions.IgnoreCase)),
    ];

    [Fact]
    public async Task NoHelpArticleOrPlan_ClaimsAFeatureThatIsNotBuilt()
    {
        var articles = await portal.WithDbAsync(db => db.HelpArticles.AsNoTracking().Select(a => new { a.Slug, Text = a.Title + "\n" + a.Summary + "\n" + a.Markdown }).ToListAsync());
        var plans = await portal.WithDbAsync(db => db.Plans.AsNoTracking().Select(p => new { p.Code, Text = p.Name + "\n" + p.Tagline }).ToListAsync());
        Assert.NotEmpty(articles);

        var claims = articles.SelectMany(a => Claims("help article " + a.Slug, a.Text))
            .Concat(plans.SelectMany(p => Claims("plan " + p.Code, p.Text)));

        Assert.Empty(claims);
    }

    [Fact]
    public async Task NoMarketingPage_ClaimsAFeatureThatIsNotBuilt()
    {
        using var client = portal.CreateClient();
        var slugs = await portal.WithDbAsync(db => db.HelpArticles.Select(a => a.Slug).ToListAsync());
        var pages = new[] { "/", "/pricing", "/compare", "/trial", "/help", "/help/search?q=number" }.Concat(slugs.Select(s => "/help/" + s));

        var claims = new List<string>();
        foreach (var path in pages)
        {
            claims.AddRange(Claims(path, Text(await client.GetStringAsync(path))));
        }

        Assert.Empty(claims);
    }

    [Fact]
    public void NoViewOrEmailTemplate_ClaimsAFeatureThatIsNotBuilt()
    {
        // Every page a signed-in customer or staff member sees, and every email, from their source.
        var web = Path.Combine(RepositoryRoot(), "src", "UcPortal.Web");
        var sources = Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(web, "*Templates.cs", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(web, "Features", "Help", "Articles"), "*.md"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.True(sources.Count > 40, $"only {sources.Count} views and templates found under {web}");

        var claims = sources.SelectMany(f => Claims(Path.GetRelativePath(web, f), File.ReadAllText(f)));

        Assert.Empty(claims);
    }

    [Fact]
    public async Task TheTrialPlanCard_SaysTrialsCallOnlyTheVerifiedMobile()
    {
        using var client = portal.CreateClient();

        var pricing = await client.GetStringAsync("/pricing");
        var trialCard = TrialCard().Match(pricing);

        Assert.True(trialCard.Success, "no trial plan card on /pricing");
        Assert.Contains("only to your verified mobile", trialCard.Value);
        Assert.DoesNotContain("Domestic calls", trialCard.Value);
    }

    private static IEnumerable<string> Claims(string where, string text) =>
        NotBuilt.SelectMany(n => n.Claim.Matches(text).Select(m => $"{where} claims {n.Feature}: \"{m.Value}\""));

    /// <summary>The words a visitor reads: tags removed, entities decoded.</summary>
    private static string Text(string html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html, " "));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UcPortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("UcPortal.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("data-plan=\"trial\".*?</ul>", RegexOptions.Singleline)]
    private static partial Regex TrialCard();
}
