using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>A trial customer finds the phone system from the navbar and configures it: forwarding
/// with a refused loop, a ring group, business hours, a number's routing; trunks explain why not.</summary>
public sealed class PhoneSystemTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task ATrialCustomer_ConfiguresForwardingRingGroupsAndBusinessHours() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.GetByRole(AriaRole.Link, new() { Name = "Phone system", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/extensions");
        await Expect(page.Locator("#no-sip-core")).ToContainTextAsync("No SIP core is connected");
        await shots.TakeAsync("extensions");

        await page.Locator("tr[data-extension='101']").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.SelectOptionAsync("#ForwardAlways", "ext:102");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/extensions");
        await page.Locator("tr[data-extension='102']").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.SelectOptionAsync("#ForwardNoAnswer", "ext:101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='ForwardNoAnswer']")).ToContainTextAsync("makes a loop: 102 → 101 → 102");
        await shots.TakeAsync("loop-refused");

        await page.SelectOptionAsync("#ForwardNoAnswer", "external");
        await Expect(page.Locator("input[name='ForwardNoAnswer.External']")).ToBeVisibleAsync();
        await page.FillAsync("input[name='ForwardNoAnswer.External']", "+44 20 7946 0123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='ForwardNoAnswer']")).ToContainTextAsync("A trial can only forward to numbers in its own country");
        await shots.TakeAsync("trial-external-refused");

        await page.GotoAsync("/pbx/ring-groups/new");
        await page.FillAsync("#Number", "150");
        await page.FillAsync("#Name", "Sales");
        await page.FillAsync("#Members", "100, 102");
        await page.CheckAsync("#s-seq");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("tr[data-group='150']")).ToContainTextAsync("100, 102");
        await shots.TakeAsync("ring-groups");

        await page.GotoAsync("/pbx/schedules/new");
        await page.FillAsync("#Name", "Office hours");
        await page.FillAsync("#Holidays", "2026-12-25 Christmas Day");
        await shots.TakeAsync("schedule-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-schedule='Office hours']")).ToBeVisibleAsync();
        await shots.TakeAsync("schedules");

        await page.GotoAsync("/pbx/numbers");
        await page.Locator("#numbers").GetByRole(AriaRole.Link, new() { Name = "Change" }).First.ClickAsync();
        await page.SelectOptionAsync("#ScheduleId", new SelectOptionValue { Index = 1 });
        await page.SelectOptionAsync("#Closed", "grp:150");
        await shots.TakeAsync("number-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#numbers tbody tr").First).ToContainTextAsync("Office hours");
        await shots.TakeAsync("numbers");
        await page.GotoAsync("/pbx/trunks");
        await Expect(page.Locator("#trunks-not-allowed")).ToContainTextAsync("not part of the free trial");
        await shots.TakeAsync("trunks-trial");

        await page.GotoAsync("/pbx/changes");
        // The four changes made here, and the trial's own set-up.
        await Expect(page.Locator("#changes tr[data-version]")).ToHaveCountAsync(5);
        await shots.TakeAsync("changes");

        // Usage with nonsense in the filter: the page still answers, with the default period.
        var usage = await page.GotoAsync("/pbx/usage?from=not-a-date&direction=Sideways&number=%3Cscript%3E");
        Assert.Equal(200, usage!.Status);
        await Expect(page.Locator("#no-calls")).ToBeVisibleAsync();
        await Expect(page.Locator("#usage-chart")).ToBeVisibleAsync();
        // Without calls the chart still has a readable scale (0–5 calls, 0–10 minutes), not a flat line on its axis.
        var scales = await page.EvaluateAsync<double[]>("() => { const c = Chart.getChart('usage-chart'); return [c.scales.calls.max, c.scales.minutes.max, c.chartArea.bottom - c.chartArea.top]; }");
        Assert.Equal(5, scales[0]);
        Assert.Equal(10, scales[1]);
        Assert.True(scales[2] > 120, $"the chart's plot area is {scales[2]} px high");
        // No SIP core: said once, by the page, not again under the badge.
        await Expect(page.GetByText("No SIP core is connected")).ToHaveCountAsync(1);
        await Expect(page.Locator("#sync-badge")).ToContainTextAsync("no SIP core");
        await shots.TakeAsync("usage");
    });
}
