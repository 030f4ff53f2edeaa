using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Localisation;

/// <summary>Every customer-facing page, read from the app's route table (controllers outside the staff area, GET,
/// not APIs, webhooks or files), is rendered in zh-CN by one of the Localisation test classes, or is on the short
/// list below of routes that show no text of their own. A new page cannot slip through untranslated: it fails here
/// until it is translated and added to a test's list (decision 036).</summary>
public sealed partial class CustomerRoutesTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    /// <summary>GET routes that render no page of their own text. Each says why.</summary>
    private static readonly Dictionary<string, string> NoText = new(StringComparer.OrdinalIgnoreCase)
    {
        // Staff's own account pages (StaffAccountController): the staff area stays English (decision 036).
        ["account/two-factor"] = "staff only",
        ["account/staff-invitation"] = "staff only",
        // Test mode's stand-ins for Stripe's own pages, which Stripe shows in the customer's language.
        ["billing/test-checkout/{sessionId}"] = "Stripe's checkout in production",
        ["billing/test-portal"] = "Stripe's customer portal in production",
        // Files, not pages.
        ["billing/test-invoices/{invoiceId}.pdf"] = "the invoice PDF: its text is checked by PdfInChineseTests",
        ["pbx/porting/{id:int}/letter"] = "the customer's own upload",
        ["pbx/usage/calls.csv"] = "a CSV of call records",
        ["pbx/voicemail/{id:guid}/audio"] = "audio",
        ["pbx/voicemail/{id:guid}/download"] = "audio",
        ["pbx/voicemail/greeting/{number}/audio"] = "audio",
        ["provision/{token}/{mac}.cfg"] = "a desk phone's configuration file",
        ["provision/{token}/cfg{mac}.xml"] = "a desk phone's configuration file",
    };

    /// <summary>The routes the Localisation tests render in zh-CN.</summary>
    public static IEnumerable<string> TranslatedRoutes() =>
        ((IEnumerable<object[]>)TranslatedPagesTests.Routes).Select(r => (string)r[0])
            .Concat(((IEnumerable<object[]>)TranslatedPagesTests.ErrorRoutes).Select(r => (string)r[0]))
            .Append("/account/login/code") // TranslatedPagesTests.TheLogInCodePage_InChinese_HasNoEnglishLeft
            .Concat(((IEnumerable<object[]>)TranslatedPbxPagesTests.SignedInRoutes).Select(r => (string)r[0]))
            .Concat(((IEnumerable<object[]>)TranslatedPbxPagesTests.RoutesWithData).Select(r => (string)r[0]))
            .Append("/team/accept") // TranslatedPbxPagesTests.TheInvitationAcceptPage_InChinese_HasNoEnglishLeft
            .Concat(TranslatedSignupPagesTests.Routes)
            .Concat(SupportAndBillingInChineseTests<SqlitePortal>.Routes);

    /// <summary>GET routes of customer controllers: not the staff area, no API, webhook, health or development tool.</summary>
    private List<string> CustomerGetRoutes() =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action && !action.RouteValues.TryGetValue("area", out var area) | string.IsNullOrEmpty(area))
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true)
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .Where(r => !NotAPage().IsMatch(r))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void EveryCustomerPage_IsRenderedInChineseByATest_OrHasNoTextOfItsOwn()
    {
        var translated = TranslatedRoutes().Select(r => r.Split('?')[0].Trim('/')).ToList();
        var routes = CustomerGetRoutes();
        Assert.NotEmpty(routes);
        var missing = routes
            .Where(r => !NoText.ContainsKey(r))
            .Where(r => !translated.Any(t => Matches(r, t)))
            .ToList();
        Assert.True(missing.Count == 0, "Customer pages no Localisation test renders in zh-CN: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheExclusionLists_NameOnlyRoutesThatExist()
    {
        var routes = CustomerGetRoutes();
        var unknown = NoText.Keys.Where(r => !routes.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(unknown.Count == 0, "Excluded routes that do not exist: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheCheck_FindsAPageNoTestRenders()
    {
        Assert.True(Matches("pbx/extensions/{id:guid}", "/pbx/extensions/{extension}".Trim('/')));
        Assert.True(Matches("help/{slug}", "help/set-up-zoiper"));
        Assert.False(Matches("pbx/extensions/{id:guid}", "pbx/extensions"));
        Assert.False(Matches("pbx/ring-groups", "pbx/extensions"));
    }

    /// <summary>A route template (parameters match any one segment) against a tested address (whose own
    /// {placeholders} stand for any value).</summary>
    private static bool Matches(string template, string tested)
    {
        var pattern = "^" + string.Join("/", template.Split('/').Select(s => Parameter().IsMatch(s) ? "[^/]+" : Regex.Escape(s))) + "$";
        return Regex.IsMatch(tested, pattern, RegexOptions.IgnoreCase) || string.Equals(template, tested, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\{[^}]*\}$")]
    private static partial Regex Parameter();

    /// <summary>Not pages: APIs, webhooks, health checks, development tools.</summary>
    [GeneratedRegex(@"^(api|webhooks|health|healthz|dev)(/|$)|(^|/)webhooks?(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex NotAPage();
}
