using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcPortal.Data;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Shared;
using UcPortal.Web.Features.Trials;

namespace UcPortal.SipCore.Tests;

/// <summary>The lifecycle seen from the SIP core: the real portal (SQLite, fake clock, jobs run by
/// the test) writes to this fixture's Kamailio, and SIPp phones register against it.</summary>
[Collection(SipCoreCollection.Name)]
public sealed partial class TrialLifecycleTests(SipCoreFixture sip) : SipCoreTestBase(sip), IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-sip-lifecycle-" + Guid.NewGuid().ToString("N")[..10]);
    private PortalOnSipCore? _portal;

    [Fact]
    public async Task ATrialSuspendedByTheExpiryJob_IsRefusedByKamailio_AndRegistersAgainOnceTheTrialIsExtended()
    {
        Directory.CreateDirectory(_folder);
        _portal = new PortalOnSipCore(Sip, _clock, _folder);
        var (tenantId, domain) = await StartTrialAsync(_portal);
        await SyncAsync(tenantId);
        var password = await PasswordAsync(tenantId, "100");
        await RegisterAsync("100", domain, password, "200");

        _clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TrialExpiryJob>().RunAsync(CancellationToken.None);
        }
        await SyncAsync(tenantId);

        await RegisterAsync("100", domain, password, "403");
        var call = await Sipp.RunAsync("call-refused.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, "101", "100"], "403",
            placeholders: new Dictionary<string, string> { ["REASON"] = "Account Suspended" });
        Assert.True(call.Succeeded, $"a call of the suspended trial was not refused\n{call.Log}");

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var lifecycle = scope.ServiceProvider.GetRequiredService<TenantLifecycle>();
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
            Assert.True(await lifecycle.ExtendTrialAsync(tenant, 7, "staff:sip-test@ucportal.test", CancellationToken.None));
            await scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>().CommitAsync(CancellationToken.None);
        }
        await SyncAsync(tenantId);

        await RegisterAsync("100", domain, password, "200");
    }

    [Fact]
    public async Task ATrialFromTheSignupForm_ReachesItsCountrysEmergencyNumbers_AlsoOnceSuspended()
    {
        // The signup form's country is GB: 999 and 112, asserted with the trial's number, with no credit used.
        Directory.CreateDirectory(_folder);
        _portal = new PortalOnSipCore(Sip, _clock, _folder);
        var (tenantId, domain) = await StartTrialAsync(_portal);
        await SyncAsync(tenantId);
        var password = await PasswordAsync(tenantId, "100");
        string trialNumber;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            trialNumber = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().PhoneNumbers
                .Where(n => n.TenantId == tenantId).Select(n => n.E164).SingleAsync();
        }
        await EmergencyCallAsync(domain, password, "999", trialNumber);

        _clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TrialExpiryJob>().RunAsync(CancellationToken.None);
        }
        await SyncAsync(tenantId);

        await EmergencyCallAsync(domain, password, "112", trialNumber);
    }

    private async Task EmergencyCallAsync(string domain, string password, string number, string asserted)
    {
        using var carrier = CarrierExpecting(number, asserted, headers: new Dictionary<string, string> { ["Priority"] = "^ *emergency$" });
        var call = await Sipp.RunAsync("call.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["100", domain, password, number, "100"], holdMs: 200);
        Assert.True(call.Succeeded, $"{number} from the trial\n{call.Log}\n{KamailioTail()}");
        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    /// <summary>What the sync job does after every recorded change: the tenant's whole state to the SIP core.</summary>
    private async Task SyncAsync(Guid tenantId)
    {
        await using var scope = _portal!.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SipCoreSyncJob>().RunAsync(tenantId, CancellationToken.None);
    }

    private async Task<string> PasswordAsync(Guid tenantId, string number)
    {
        await using var scope = _portal!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var stored = await db.Extensions.Where(e => e.TenantId == tenantId && e.Number == number).Select(e => e.SipPasswordProtected).SingleAsync();
        return scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Unprotect(stored);
    }

    /// <summary>A trial as a prospect makes it: the signup form, the confirmation link from the outbox, provisioning.</summary>
    internal static async Task<(Guid TenantId, string Domain)> StartTrialAsync(PortalOnSipCore portal)
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var n = Random.Shared.Next(100_000, 999_999);
        var email = $"owner@sip-lifecycle-{n}.example.com";
        var page = await client.GetStringAsync("/trial");
        var post = await client.PostAsync("/trial", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.FullName"] = "Sip Lifecycle",
            ["Form.Company"] = $"Sip Lifecycle {n}",
            ["Form.Email"] = email,
            ["Form.Password"] = "Trial-Passw0rd",
            ["Form.Country"] = "GB",
            ["Form.Mobile"] = $"07701 {n:D6}",
            ["Form.Area"] = "GB|London", // the mobile's country: no signup review rule applies
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var html = await db.OutboxEmails.Where(e => e.ToAddress == email && e.Template == "confirm-email").Select(e => e.HtmlBody).SingleAsync();
        var confirm = await client.GetAsync(new Uri(WebUtility.HtmlDecode(ConfirmLink().Match(html).Groups[1].Value)).PathAndQuery);
        Assert.Equal("/trial/verify-mobile", confirm.Headers.Location?.OriginalString);
        var signupId = await db.TrialSignups.Where(s => s.Email == email).Select(s => s.Id).SingleAsync();
        // The code texted to the mobile (the SMS outbox), entered on the page the link opened.
        var sms = await db.OutboxSms.Where(m => m.TrialSignupId == signupId).Select(m => m.Body).SingleAsync();
        var codePage = await client.GetStringAsync("/trial/verify-mobile");
        var verified = await client.PostAsync("/trial/verify-mobile", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = sms[..6],
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(codePage).Groups[1].Value),
        }));
        Assert.Equal("/dashboard", verified.Headers.Location?.OriginalString);
        await scope.ServiceProvider.GetRequiredService<TrialProvisioningJob>().RunAsync(signupId, CancellationToken.None);
        var domain = await db.Tenants.Where(t => t.Id == signupId).Select(t => t.SipDomain).SingleAsync();
        return (signupId, domain);
    }

    public void Dispose()
    {
        _portal?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("href=\"(http[^\"]*/account/confirm-email[^\"]*)\"")]
    private static partial Regex ConfirmLink();

    /// <summary>The real portal on this fixture's SIP core; <paramref name="extra"/> adds settings (e.g. voicemail on).</summary>
    internal sealed class PortalOnSipCore(SipCoreFixture sip, TimeProvider clock, string folder, IReadOnlyDictionary<string, string>? extra = null) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = DatabaseProvider.Sqlite,
                ["Database:DataFolder"] = folder,
                ["Jobs:RunServer"] = "false",
                ["SipCore:ConnectionString"] = sip.ConnectionString,
                ["SipCore:RpcUrl"] = sip.RpcUrl.ToString(),
                ["RateLimits:SignupPerIpPerHour"] = "100000",
                ["Portal:PublicBaseUrl"] = "http://portal.test",
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
        }
    }
}
