using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web;

namespace UcPortal.Tests.Localisation;

/// <summary>The resource compiler keeps one of two names that differ only by letter case and drops the
/// other without a word (decision 036): the resource holds one spelling, and the portal's localizer finds
/// a phrase written with its first letter's case turned.</summary>
public sealed class ResourceKeyTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public void NoTwoResourceNames_DifferOnlyByLetterCase()
    {
        var file = Path.Combine(RepoRoot(), "src", "UcPortal.Web", "Resources", "SharedResource.zh-CN.resx");
        var names = XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, "Resource names that differ only by case (one would be dropped): " + string.Join("; ", clashes));
    }

    [Theory]
    [InlineData("toll-free", "免费电话")]
    [InlineData("Toll-free", "免费电话")]
    [InlineData("local", "本地")]
    [InlineData("support", "技术支持")]
    public void APhraseWithItsFirstLettersCaseTurned_FindsTheTranslation_AndEnglishStaysAsWritten(string phrase, string chinese)
    {
        var t = portal.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal(chinese, t[phrase].Value);
            Assert.False(t[phrase].ResourceNotFound);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal(phrase, t[phrase].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void ThePhraseWithArguments_IsFormattedFromItsTwin()
    {
        var t = portal.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("分机 101", t["extension {0}", "101"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UcPortal.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("UcPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
