using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>Decision 032 in the browser: a paid tenant searches numbers by area code on the billing page,
/// holds one (the time left shows), buys it (test-mode billing), and finds it on its numbers page.</summary>
public sealed class NumberSearchJourneyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task APaidTenant_SearchesByAreaCode_HoldsANumber_AndBuysIt() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.Locator("#nav-upgrade").ClickAsync();
        await page.WaitForURLAsync("**/billing/upgrade");
        var upgrade = new UpgradePage(page);
        await upgrade.ChooseAsync("business", 0);
        var checkout = await upgrade.ContinueToPaymentAsync();
        var returned = await checkout.PayAsync();
        await Expect(returned.Activated).ToContainTextAsync("You're on Business");

        await page.GotoAsync("/billing");
        await page.Locator("#billing-area-code").FillAsync("312");
        await page.Locator("#billing-search-button").ClickAsync();
        var results = page.Locator("#billing-results tbody tr[data-number]");
        await Expect(results.First).ToBeVisibleAsync();
        var numbers = await results.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.number)");
        Assert.NotEmpty(numbers);
        Assert.All(numbers, n => Assert.StartsWith("+1312", n));
        await Expect(results.First).ToContainTextAsync("Chicago");
        await shots.TakeAsync("number-search");

        var chosen = numbers[0];
        await results.First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Choose") }).ClickAsync();
        var hold = page.Locator("#billing-hold");
        await Expect(hold).ToHaveAttributeAsync("data-e164", chosen);
        await Expect(page.Locator("#billing-hold-left")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(10:00|9:[0-5][0-9])$"));
        await shots.TakeAsync("number-held");

        await page.Locator("#billing-buy button").ClickAsync();
        await page.WaitForURLAsync("**/billing");
        await Expect(page.Locator($"#billing-numbers tr[data-e164='{chosen}']")).ToBeVisibleAsync();
        await shots.TakeAsync("number-bought");

        await page.GotoAsync("/pbx/numbers");
        await Expect(page.Locator("main")).ToContainTextAsync(chosen[2..5]);
        await Expect(page.Locator("main")).ToContainTextAsync(chosen[^4..]);
        await shots.TakeAsync("numbers-page");
    });
}
