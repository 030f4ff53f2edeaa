using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Billing;

/// <summary>The upgrade as a browser does it, against the built-in test-mode provider: the upgrade
/// form (with its nonce), the test checkout's Pay and Decline buttons.</summary>
public static partial class TestModeBilling
{
    public sealed record UpgradeForm(string Token, string Nonce);

    /// <summary>Loads /billing/upgrade and reads its antiforgery token and form nonce.</summary>
    public static async Task<UpgradeForm> OpenUpgradeFormAsync(PortalBrowser browser)
    {
        var page = await browser.GetPageAsync("/billing/upgrade");
        var token = TokenPattern().Match(page);
        var nonce = NoncePattern().Match(page);
        Assert.True(token.Success && nonce.Success, "the upgrade page has no form");
        return new UpgradeForm(WebUtility.HtmlDecode(token.Groups[1].Value), nonce.Groups[1].Value);
    }

    public static Task<HttpResponseMessage> PostUpgradeAsync(PortalBrowser browser, UpgradeForm form, string plan, string extraNumbers = "0") =>
        browser.Http.PostAsync("/billing/upgrade", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.PlanCode"] = plan,
            ["Form.ExtraNumbers"] = extraNumbers,
            ["Form.Nonce"] = form.Nonce,
            ["__RequestVerificationToken"] = form.Token,
        }));

    /// <summary>Submits the upgrade form and returns the test checkout's path (/billing/test-checkout/tcs_…).</summary>
    public static async Task<string> StartCheckoutAsync(PortalBrowser browser, string plan = "business", int extraNumbers = 0)
    {
        var response = await PostUpgradeAsync(browser, await OpenUpgradeFormAsync(browser), plan, extraNumbers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/billing/test-checkout/tcs_", location);
        return location;
    }

    /// <summary>Presses Pay (or Decline) on the checkout page; returns the return page's path.</summary>
    public static async Task<string> AnswerCheckoutAsync(PortalBrowser browser, string checkoutPath, bool pay = true)
    {
        // The token comes from the billing page: an answered checkout's page only redirects.
        var response = await browser.SubmitAsync("/billing", checkoutPath + (pay ? "/pay" : "/decline"), []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/billing/return?checkout=", location);
        return location;
    }

    /// <summary>A trial owner upgrades and pays; returns the return page's path.</summary>
    public static async Task<string> UpgradeAsync(PortalBrowser browser, string plan = "business", int extraNumbers = 0) =>
        await AnswerCheckoutAsync(browser, await StartCheckoutAsync(browser, plan, extraNumbers));

    public static Task<Tenant> TenantAsync(PortalFactory portal, Guid tenantId) =>
        portal.WithDbAsync(db => db.Tenants.AsNoTracking().Include(t => t.Plan).SingleAsync(t => t.Id == tenantId));

    /// <summary>Paid-pool numbers in a city of their own, so tests never compete for the seeded ones.</summary>
    public static async Task<string> AddPaidNumbersAsync(PortalFactory portal, string country, int count)
    {
        var city = "Paidville " + Guid.NewGuid().ToString("N")[..6];
        await portal.WithDbAsync(db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.PhoneNumbers.Add(new PhoneNumber
                {
                    E164 = $"+44114{Random.Shared.Next(10_000_000, 99_999_999)}", Country = country, Region = "Test", City = city,
                    Type = NumberType.Local, Pool = NumberPool.Paid, Status = NumberStatus.Available,
                });
            }
            return db.SaveChangesAsync();
        });
        return $"{country}|{city}";
    }

    /// <summary>The text of a validation slot (data-valmsg-for) in a page, "" when it is empty.</summary>
    public static string FieldMessage(string html, string field)
    {
        var match = Regex.Match(html, $"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"no validation slot for {field}");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"Form.Nonce\" value=\"([0-9a-f]+)\"")]
    private static partial Regex NoncePattern();
}
