using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class DeskPhonesAndTeamTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task AnOwner_AddsADeskPhone_PutsAnExtensionOnItAndSeesItsProvisioningUrl() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        var phones = new DeskPhonesPage(page);
        await phones.GotoAsync();
        await shots.TakeAsync("phones-empty");

        await phones.AddAsync("00:15:65:AB:CD", "yealink-t46u", "Reception");
        await Expect(phones.MacError).ToContainTextAsync("12 hexadecimal digits");
        await shots.TakeAsync("phones-invalid-mac");

        var mac = "0015" + TestData.NewId().Length.ToString("D2") + Random.Shared.Next(0x100000, 0xFFFFFF).ToString("X6");
        await phones.AddAsync(mac.ToLowerInvariant(), "yealink-t46u", "Reception");
        await Expect(phones.ProvisioningUrl).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("/provision/[A-Za-z0-9_-]{43}/$"));
        await shots.TakeAsync("phone-added");

        await phones.PutOnLineAsync(1, 1);
        await Expect(phones.Flash).ToContainTextAsync("Lines saved");
        await shots.TakeAsync("phone-lines-saved");

        await phones.GotoAsync();
        await Expect(phones.Rows).ToHaveCountAsync(1);
        await shots.TakeAsync("phones-list");

        await page.SetViewportSizeAsync(390, 844);
        await phones.Rows.First.Locator("a").ClickAsync();
        await Expect(phones.ProvisioningUrl).ToBeVisibleAsync();
        await shots.TakeAsync("phone-on-a-phone-screen");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The phone's page scrolls sideways on a narrow screen.");
    });

    [Fact]
    public Task AnOwner_InvitesAColleague_WhoCreatesAnAccountAndSeesTheDashboard() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        var team = new TeamPage(page);
        await team.GotoAsync();
        await shots.TakeAsync("team");

        var email = $"colleague-{TestData.NewId()}@example.com";
        await team.InviteAsync(email, "Admin");
        await Expect(team.Invitations).ToHaveCountAsync(1);
        await shots.TakeAsync("team-invited");

        var mailbox = new MailboxPage(page);
        await mailbox.GotoAsync(email);
        await mailbox.OpenAsync(email, "team-invitation");
        await shots.TakeAsync("invitation-email");
        var link = await mailbox.Links.Filter(new() { HasText = "/team/accept" }).First.GetAttributeAsync("href");

        var colleague = await OpenBrowserAsync("colleague");
        var colleagueShots = shots.Of(colleague);
        await colleague.GotoAsync(link!);
        await colleagueShots.TakeAsync("accept-page");
        await colleague.GetByLabel("Your name").FillAsync("Grace Hopper");
        await colleague.GetByLabel("Password", new() { Exact = true }).FillAsync("Joiner-Passw0rd");
        await colleague.GetByLabel("Repeat the password").FillAsync("Joiner-Passw0rd");
        await colleague.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Create my account and join" }).ClickAsync();
        await colleague.WaitForURLAsync("**/dashboard");
        await Expect(new DashboardPage(colleague).SipDomain).ToBeVisibleAsync();
        await colleagueShots.TakeAsync("colleague-dashboard");

        await team.GotoAsync();
        await Expect(team.Members).ToHaveCountAsync(2);
        await shots.TakeAsync("team-with-colleague");
        await page.SetViewportSizeAsync(390, 844);
        await shots.TakeAsync("team-on-a-phone-screen");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The team page scrolls sideways on a narrow screen.");

        // The used link, opened again by the colleague and by someone the email was forwarded to: it says so,
        // offers no form, and a forged submission of it grants nothing.
        var used = new[] { colleague, await OpenBrowserAsync("stranger") };
        foreach (var who in used)
        {
            await who.GotoAsync(link!);
            var problem = who.Locator("#invitation-problem");
            await Expect(problem).ToHaveAttributeAsync("data-state", "Used");
            await Expect(problem).ToContainTextAsync("This invitation was already accepted");
            await Expect(problem).ToContainTextAsync("Log in with the account that accepted it.");
            await Expect(who.Locator("#new-account, #join")).ToHaveCountAsync(0);
        }
        await colleagueShots.TakeAsync("accept-page-used");
        var stranger = used[1];
        await shots.Of(stranger).TakeAsync("accept-page-used-stranger");
        var token = System.Text.RegularExpressions.Regex.Match(link!, "[?&]token=([^&#]+)").Groups[1].Value;
        Assert.NotEmpty(token);
        await stranger.GotoAsync("/account/login");
        await stranger.EvaluateAsync(@"(token) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = '/team/accept/join';
            const field = (name, value) => { const i = document.createElement('input'); i.type = 'hidden'; i.name = name; i.value = value; form.appendChild(i); };
            field('token', decodeURIComponent(token));
            field('password', 'Joiner-Passw0rd');
            field('__RequestVerificationToken', document.querySelector('input[name=__RequestVerificationToken]').value);
            document.body.appendChild(form);
            form.submit();
          }", token);
        await Expect(stranger.Locator("#invitation-problem")).ToHaveAttributeAsync("data-state", "Used");
        await stranger.GotoAsync("/dashboard");
        Assert.Contains("/account/login", stranger.Url, StringComparison.Ordinal);
        await team.GotoAsync();
        await Expect(team.Members).ToHaveCountAsync(2);
    });
}
