using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>A paid customer routes a number to their own PBX (a SIP trunk) and chooses where its calls go when that
/// PBX is down (decision 034); the page explains the option and refuses a failover that would never be used.</summary>
public sealed class NumberFailoverTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task APaidCustomer_SendsANumbersCallsToAMobile_WhenTheirPbxIsDown() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.GotoAsync("/billing/upgrade");
        var upgrade = new UpgradePage(page);
        await upgrade.ChooseAsync("business", 0);
        var checkout = await upgrade.ContinueToPaymentAsync();
        var returned = await checkout.PayAsync();
        await Expect(returned.Activated).ToContainTextAsync("You're on Business");

        await page.GotoAsync("/pbx/trunks/new");
        await page.FillAsync("#Name", "Office PBX");
        await page.CheckAsync("#auth-reg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/trunks");

        await page.GotoAsync("/pbx/numbers");
        await Expect(page.Locator("#numbers-help")).ToContainTextAsync("a branch that closes keeps its number");
        await page.Locator("#numbers").GetByRole(AriaRole.Link, new() { Name = "Change" }).First.ClickAsync();
        await Expect(page.Locator("#failover legend")).ToHaveTextAsync("If the trunk or PBX does not answer or is unreachable");
        await Expect(page.Locator("#keep-number-help")).ToContainTextAsync("Keep its number");

        // A number that rings an extension never reaches a trunk: a failover there is refused, and said why.
        await page.SelectOptionAsync("#Failover", "external");
        await page.FillAsync("input[name='Failover.External']", "+1 212 555 0111");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Failover']")).ToContainTextAsync("A failover is used only when calls go to a SIP trunk");

        await page.SelectOptionAsync("#Open", new SelectOptionValue { Label = "Office PBX" });
        await shots.TakeAsync("number-failover-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/numbers");
        var row = page.Locator("#numbers tbody tr").First;
        await Expect(row).ToContainTextAsync("trunk Office PBX");
        await Expect(row.Locator("[data-failover]")).ToContainTextAsync("212");
        await shots.TakeAsync("numbers-with-failover");

        await page.GotoAsync("/pbx/changes");
        await Expect(page.Locator("#changes")).ToContainTextAsync("failover to");
    });
}
