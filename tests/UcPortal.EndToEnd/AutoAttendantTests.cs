using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>A trial customer builds an auto attendant (decision 026): a non-audio upload is refused next to the
/// field, the menu is saved with its keys (one of them "repeat this menu"), a number is sent to it, a trial cannot add a second one, and a
/// prompt recorded in the browser becomes the menu's recording.</summary>
public sealed class AutoAttendantTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task ATrialCustomer_BuildsAMenu_AndSendsTheNumberToIt() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.GotoAsync("/pbx/auto-attendants");
        await Expect(page.Locator("#no-menus")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add an auto attendant" }).ClickAsync();

        await page.FillAsync("#Name", "Main menu");
        await page.FillAsync("#PromptText", "Thank you for calling. For sales press 1. For support press 2.");
        await page.SelectOptionAsync("select[name='Keys[0].Choice']", "ext:101");
        await page.SelectOptionAsync("select[name='Keys[1].Choice']", "ext:102");
        await page.SelectOptionAsync("select[name='Keys[8].Choice']", new SelectOptionValue { Label = "Repeat this menu" });
        await page.SelectOptionAsync("select[name='Invalid.Choice']", "ext:100");
        await page.SetInputFilesAsync("#PromptUpload", new FilePayload { Name = "prompt.wav", MimeType = "audio/wav", Buffer = "not audio at all"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='PromptUpload']")).ToContainTextAsync("not audio we can read");
        await shots.TakeAsync("bad-upload-refused");

        // The form kept what was chosen; without the upload the text is spoken.
        await Expect(page.Locator("select[name='Keys[1].Choice']")).ToHaveValueAsync("ext:102");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/auto-attendants");
        var row = page.Locator("tr[data-menu='Main menu']");
        await Expect(row).ToContainTextAsync("1 → extension 101");
        await Expect(row).ToContainTextAsync("2 → extension 102");
        await Expect(row).ToContainTextAsync("9 → this menu again");
        await Expect(page.Locator("#trial-limit")).ToContainTextAsync("A trial includes one auto attendant");
        await shots.TakeAsync("menu-list");

        await page.GotoAsync("/pbx/numbers");
        await page.Locator("#numbers").GetByRole(AriaRole.Link, new() { Name = "Change" }).First.ClickAsync();
        await page.SelectOptionAsync("#Open", new SelectOptionValue { Label = "Main menu" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#numbers tbody tr").First).ToContainTextAsync("auto attendant Main menu");
        await page.GotoAsync("/pbx/auto-attendants");
        await Expect(row).ToContainTextAsync("(open)");
        await page.Locator("tr[data-menu='Main menu']").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await shots.TakeAsync("menu-form");

        // A prompt recorded in the browser (Chromium's fake microphone) waits in the upload field and
        // replaces the spoken text when the menu is saved: converted like an upload, so it must be audio.
        await Expect(page.Locator("#UseSpokenPrompt")).ToHaveCountAsync(0);
        var status = page.Locator("[data-record-status]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record in the browser" }).ClickAsync();
        await Expect(status).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Recording… 0:0[2-9] of 1:00"), new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this recording" }).ClickAsync();
        await Expect(status).ToContainTextAsync("Recording attached");
        await shots.TakeAsync("prompt-recorded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/auto-attendants");
        await page.Locator("tr[data-menu='Main menu']").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.Locator("#UseSpokenPrompt")).ToBeVisibleAsync();
    });
}
