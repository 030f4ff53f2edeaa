using System.Net;
using System.Text.RegularExpressions;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx;

namespace UcPortal.Tests.Pbx;

/// <summary>What the PBX pages offer each role, read from the rendered HTML: a member is shown only
/// what a member can open and use; an owner is shown everything. Every entry of the menu is tried, so a
/// page and its menu entry cannot disagree about who may use it.</summary>
public sealed partial class PbxMenuTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task AMember_IsShownOnlyTheirExtensionAndVoicemail_AndEveryPageTheMenuHidesRefusesThem()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        using var member = await PbxTenants.MemberAsync(portal, tenant.Id, "101");
        var own = await PbxTenants.ExtensionIdAsync(portal, tenant.Id, "101");

        var list = await member.GetPageAsync("/pbx/extensions");

        // Members hear their own extension's voicemail (VoicemailPageTests: only theirs).
        Assert.Equal(["/pbx/extensions", "/pbx/voicemail"], MenuLinks(list));
        foreach (var entry in PbxMenu.Entries.Where(e => e.Href is not "/pbx/extensions" and not "/pbx/voicemail"))
        {
            var response = await member.GetAsync(entry.Href);
            Assert.True(IsAccessDenied(response), $"{entry.Href} is not in a member's menu but answered {(int)response.StatusCode} to them");
        }
        // No buttons for what only owners do, and the sync badge does not lead to the owners' Changes page.
        Assert.DoesNotContain("href=\"/pbx/extensions/new\"", list);
        Assert.DoesNotContain("href=\"/pbx/changes\"", list);
        Assert.Contains("data-sync-state=", list);
        Assert.Contains($"href=\"/pbx/extensions/{own}\"", list);

        var edit = await member.GetPageAsync($"/pbx/extensions/{own}");
        Assert.Equal(["/pbx/extensions", "/pbx/voicemail"], MenuLinks(edit));
        Assert.Contains("name=\"ForwardAlways.Choice\"", edit);
        Assert.DoesNotContain("/delete\"", edit);
        Assert.DoesNotContain("/reset-password\"", edit);
        Assert.DoesNotContain("name=\"Name\"", edit);
        Assert.DoesNotContain("href=\"/pbx/changes\"", edit);

        var dashboard = await member.GetPageAsync("/dashboard");
        Assert.Contains("Open my extension", dashboard);
        Assert.DoesNotContain("Set up your phone system", dashboard);
    }

    [Fact]
    public async Task AnOwner_IsShownEveryPage_AndEachOneOpens_WithItsAddAndDeleteButtons()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var e102 = await PbxTenants.ExtensionIdAsync(portal, tenant.Id, "102");

        var list = await tenant.Owner.GetPageAsync("/pbx/extensions");

        Assert.Equal(PbxMenu.Entries.Select(e => e.Href), MenuLinks(list));
        foreach (var entry in PbxMenu.Entries)
        {
            var response = await tenant.Owner.GetAsync(entry.Href);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{entry.Href} is in an owner's menu but answered {(int)response.StatusCode}");
        }
        Assert.Contains("href=\"/pbx/extensions/new\"", list);
        Assert.Contains("href=\"/pbx/changes\"", list);
        Assert.Contains("href=\"/pbx/ring-groups/new\"", await tenant.Owner.GetPageAsync("/pbx/ring-groups"));
        Assert.Contains("href=\"/pbx/schedules/new\"", await tenant.Owner.GetPageAsync("/pbx/schedules"));
        Assert.Contains("href=\"/pbx/trunks/new\"", await tenant.Owner.GetPageAsync("/pbx/trunks"));
        var edit = await tenant.Owner.GetPageAsync($"/pbx/extensions/{e102}");
        Assert.Contains($"action=\"/pbx/extensions/{e102}/delete\"", edit);
        Assert.Contains($"action=\"/pbx/extensions/{e102}/reset-password\"", edit);
        Assert.Contains("Set up your phone system", await tenant.Owner.GetPageAsync("/dashboard"));
    }

    /// <summary>The PBX menu's links, in order.</summary>
    private static List<string> MenuLinks(string html)
    {
        var nav = PbxNav().Match(html);
        Assert.True(nav.Success, "the page has no PBX menu");
        return Href().Matches(nav.Value).Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>Forbid() sends a signed-in user to the access-denied page.</summary>
    private static bool IsAccessDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal) == true);

    [GeneratedRegex("<nav class=\"[^\"]*pbx-nav[^\"]*\"[^>]*>.*?</nav>", RegexOptions.Singleline)]
    private static partial Regex PbxNav();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
