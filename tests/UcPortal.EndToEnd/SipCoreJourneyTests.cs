using Microsoft.Playwright;
using UcPortal.SipCore.Tests;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

// The two collections (the plain portal and this one with a SIP core) run at the same time. They once
// disturbed each other: Hangfire's process-wide job activator let one portal build its jobs in the
// other's container (decision 025); each portal now has its own (JobsSetup, TwoPortalsInOneProcessTests).

namespace UcPortal.EndToEnd;

/// <summary>A portal wired to a real SIP core: PostgreSQL + Kamailio (<see cref="SipCoreFixture"/>)
/// and the portal on Kestrel with <c>SipCore:ConnectionString</c>/<c>SipCore:RpcUrl</c> pointing at
/// them, so every saved change is written by the real KamailioStateWriter through Hangfire.</summary>
public sealed class SipCorePortalFixture : IAsyncLifetime
{
    public SipCoreFixture Sip { get; private set; } = null!;

    public PortalFixture Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sip = await Task.Run(() => new SipCoreFixture());
        Portal = new PortalFixture(new Dictionary<string, string>
        {
            ["SipCore:ConnectionString"] = Sip.ConnectionString,
            ["SipCore:RpcUrl"] = Sip.RpcUrl.ToString(),
        });
        await Portal.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }
        Sip?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SipCorePortalCollection : ICollectionFixture<SipCorePortalFixture>
{
    public const string Name = "Portal with a SIP core";
}

/// <summary>The journey against the real SIP core: a tenant adds an extension and a ring
/// group, routes its number, sees every change "applied" — then a carrier call to that number
/// rings the group and one member answers.</summary>
[Collection(SipCorePortalCollection.Name)]
public sealed class SipCoreJourneyTests(SipCorePortalFixture fixture, ITestOutputHelper output) : BrowserTest(fixture.Portal, output)
{
    private const float AppliedTimeoutMs = 60_000;

    private SipCoreFixture Sip => fixture.Sip;

    private string Proxy => $"127.0.0.1:{Sip.SipPort}";

    [Fact]
    public Task ATenant_AddsAnExtensionAndARingGroup_RoutesItsNumber_SeesApplied_AndACarrierCallReachesTheGroup() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());

        // The trial's own set-up reaches the SIP core like any other change.
        await page.GotoAsync("/pbx/changes");
        await Expect(page.Locator("#changes tr[data-version='1']")).ToContainTextAsync("Trial set up");
        await Expect(page.Locator("#changes tr[data-version='1']")).ToHaveAttributeAsync("data-state", "Applied", new() { Timeout = AppliedTimeoutMs });
        await shots.TakeAsync("set-up-applied");

        // A trial has three extensions (100–102), all its plan allows: 102 makes room for 103.
        await page.GotoAsync("/pbx/extensions");
        await page.Locator("tr[data-extension='102']").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete extension" }).ClickAsync();
        await Expect(page.Locator("tr[data-extension='102']")).ToHaveCountAsync(0);

        await page.GotoAsync("/pbx/extensions/new");
        await page.FillAsync("#Number", "103");
        await page.FillAsync("#Name", "Support desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add extension" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/extensions/*-*");

        // A trial's plan numbers everything 100–199, so the group is 150 (600 is refused with "uses numbers from 100 to 199").
        await page.GotoAsync("/pbx/ring-groups/new");
        await page.FillAsync("#Number", "150");
        await page.FillAsync("#Name", "Front desk");
        await page.FillAsync("#Members", "101, 103");
        await page.CheckAsync("#s-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("tr[data-group='150']")).ToContainTextAsync("101, 103");
        await shots.TakeAsync("ring-group");

        await page.GotoAsync("/pbx/numbers");
        var numberRow = page.Locator("#numbers tbody tr").First;
        var trialNumber = await numberRow.GetAttributeAsync("data-number") ?? throw new InvalidOperationException("no trial number");
        await numberRow.GetByRole(AriaRole.Link, new() { Name = "Change" }).ClickAsync();
        await page.SelectOptionAsync("#Open", "grp:150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator($"#numbers tr[data-number='{trialNumber}']")).ToContainTextAsync("ring group 150");
        await shots.TakeAsync("number-routed");

        // Set-up, 102 deleted, 103 added, ring group, route: all five written to Kamailio (the list polls every 2 s).
        await page.GotoAsync("/pbx/changes");
        await Expect(page.Locator("#changes tr[data-version]")).ToHaveCountAsync(5);
        await Expect(page.Locator("#changes tr[data-version]:not([data-state='Applied'])")).ToHaveCountAsync(0, new() { Timeout = AppliedTimeoutMs });
        await Expect(page.Locator("#changes tr[data-version]").Filter(new() { HasText = "applied" })).ToHaveCountAsync(5);
        await shots.TakeAsync("changes-applied");

        // The phones: credentials as the tenant sees them, revealed on the Extensions page.
        await page.GotoAsync("/pbx/extensions");
        var domain = (await page.Locator("p:has-text('the domain is') .mono").InnerTextAsync()).Trim();
        var password101 = await RevealPasswordAsync(page, "101");
        var password103 = await RevealPasswordAsync(page, "103");
        await shots.TakeAsync("passwords");

        using var ringing = await PhoneAsync("101", domain, password101, "ring-unanswered.xml");
        using var answering = await PhoneAsync("103", domain, password103, "answer.xml");

        var call = await Sipp.RunAsync("call.xml", Sip.CarrierPort, Proxy, ["+13105550123", "carrier.example", "", trialNumber, "+13105550123"], holdMs: 200);
        Assert.True(call.Succeeded, $"carrier call to {trialNumber}\n{call.Log}\n{KamailioTail()}");
        var answered = await answering.WaitAsync();
        Assert.True(answered.Succeeded, $"103 should answer\n{answered.Log}\n{KamailioTail()}");
        var rang = await ringing.WaitAsync();
        Assert.True(rang.Succeeded, $"101 should ring and be cancelled\n{rang.Log}\n{KamailioTail()}");
    });

    private static async Task<string> RevealPasswordAsync(IPage page, string extension)
    {
        await page.Locator($"tr[data-extension='{extension}']").GetByRole(AriaRole.Button, new() { Name = $"Reveal the password of extension {extension}" }).ClickAsync();
        var code = page.GetByTestId($"sip-password-{extension}");
        await Expect(code).ToBeVisibleAsync();
        return (await code.InnerTextAsync()).Trim();
    }

    /// <summary>Registers the extension from a fresh port, then answers there with the scenario.</summary>
    private async Task<Sipp> PhoneAsync(string user, string domain, string password, string scenario)
    {
        var port = SipCoreFixture.FreeUdpPort();
        var registered = await Sipp.RunAsync("register.xml", port, Proxy, [user, domain, password], "200");
        Assert.True(registered.Succeeded, $"REGISTER {user}@{domain}\n{registered.Log}\n{KamailioTail()}");
        return Sipp.Start(scenario, port, null, timeoutSeconds: 60);
    }

    private string KamailioTail()
    {
        var log = Sip.KamailioLog;
        return "--- kamailio\n" + (log.Length > 4000 ? log[^4000..] : log);
    }
}
