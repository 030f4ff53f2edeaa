using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx;

namespace UcPortal.Tests.Phones;

/// <summary>Desk phones: adding by MAC address, lines, and the configuration files phones download
/// anonymously with the token of their URL.</summary>
public abstract class DeskPhoneTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static string RandomMac() => "0015" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..8];

    private static string Colons(string mac) => string.Join(':', Enumerable.Range(0, 6).Select(i => mac.Substring(i * 2, 2)));

    private static Task<HttpResponseMessage> AddAsync(TenantOwner owner, string mac, string model = "yealink-t46u", string label = "Reception") =>
        owner.Browser.SubmitAsync("/pbx/phones", "/pbx/phones", [new("Form.MacAddress", mac), new("Form.Model", model), new("Form.Label", label)]);

    private async Task<DeskPhone> AddPhoneWithExtensionAsync(TenantOwner owner, string mac, string model, string extensionNumber = "100")
    {
        var response = await AddAsync(owner, mac, model);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var phone = await portal.WithDbAsync(db => db.DeskPhones.AsNoTracking().SingleAsync(p => p.MacAddress == mac));
        var extension = await owner.ExtensionAsync(portal, extensionNumber);
        var lines = await owner.Browser.SubmitAsync($"/pbx/phones/{phone.Id}", $"/pbx/phones/{phone.Id}/lines", [new("lines[0]", extension.Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, lines.StatusCode);
        return phone;
    }

    private async Task<string> PasswordAsync(Extension extension)
    {
        await using var scope = portal.Scope();
        return scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Unprotect(extension.SipPasswordProtected);
    }

    [Theory]
    [InlineData(":")]
    [InlineData("-")]
    [InlineData("")]
    public async Task AddingAPhone_AcceptsTheUsualMacNotations_AndStoresTwelveUpperCaseHexDigits(string separator)
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        var typed = string.Join(separator, Enumerable.Range(0, 6).Select(i => mac.Substring(i * 2, 2))).ToLowerInvariant();

        var response = await AddAsync(owner, typed, "grandstream-gxp2170", "Front desk");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var phone = await portal.WithDbAsync(db => db.DeskPhones.AsNoTracking().SingleAsync(p => p.TenantId == owner.TenantId));
        Assert.Equal(mac, phone.MacAddress);
        Assert.Matches("^[0-9A-F]{12}$", phone.MacAddress);
        Assert.Equal(("grandstream-gxp2170", "Front desk"), (phone.Model, phone.Label));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", phone.ProvisioningToken);
        var page = await owner.Browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains($"/provision/{phone.ProvisioningToken}/", page);
        Assert.Contains(Colons(mac), page);
    }

    [Fact]
    public async Task AddingAPhone_WhoseMacAnotherTenantRegistered_ShowsWhyNextToTheField_AndWritesNothing()
    {
        using var first = await TenantOwner.CreateAsync(portal);
        using var second = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        await AddAsync(first, Colons(mac));

        var response = await AddAsync(second, mac.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Form.MacAddress\"[^>]*>[^<]*already registered to another account", html);
        Assert.Equal(0, await portal.WithDbAsync(db => db.DeskPhones.CountAsync(p => p.TenantId == second.TenantId)));
        Assert.Equal(first.TenantId, await portal.WithDbAsync(db => db.DeskPhones.Where(p => p.MacAddress == mac).Select(p => p.TenantId).SingleAsync()));
    }

    [Theory]
    [InlineData("00:15:65:AB:CD")]
    [InlineData("00:15:65:AB:CD:EG")]
    [InlineData("")]
    public async Task AddingAPhone_WithSomethingThatIsNotAMac_IsRefusedNextToTheField(string typed)
    {
        using var owner = await TenantOwner.CreateAsync(portal);

        var response = await AddAsync(owner, typed);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Form.MacAddress\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await portal.WithDbAsync(db => db.DeskPhones.CountAsync(p => p.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task TheYealinkFile_HasTheTenantsDomainTheExtensionsUsernameAndItsCurrentPassword()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        var phone = await AddPhoneWithExtensionAsync(owner, mac, "yealink-t31p");
        var extension = await owner.ExtensionAsync(portal, "100");
        using var device = portal.CreateBrowser();

        var response = await device.GetAsync($"/provision/{phone.ProvisioningToken}/{mac.ToLowerInvariant()}.cfg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the file may be cached");
        var file = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("#!version:1.0.0.1\n", file);
        Assert.Contains("account.1.enable = 1\n", file);
        Assert.Contains($"account.1.sip_server.1.address = {owner.SipDomain}\n", file);
        Assert.Contains("account.1.sip_server.1.port = 5060\n", file);
        Assert.Contains($"account.1.user_name = {extension.SipUsername}\n", file);
        Assert.Contains($"account.1.auth_name = {extension.SipUsername}\n", file);
        Assert.Contains($"account.1.password = {await PasswordAsync(extension)}\n", file);
        Assert.Contains("account.1.outbound_proxy.1.address = sip.ucportal.test\n", file);
        Assert.Contains("account.2.enable = 0\n", file);
        Assert.NotNull(await portal.WithDbAsync(db => db.DeskPhones.Where(p => p.Id == phone.Id).Select(p => p.LastFetchedAtUtc).SingleAsync()));

        var newPassword = await ChangePasswordAsync(extension.Id, owner.SipDomain);
        var again = await (await device.GetAsync($"/provision/{phone.ProvisioningToken}/{mac.ToLowerInvariant()}.cfg")).Content.ReadAsStringAsync();
        Assert.Contains($"account.1.password = {newPassword}\n", again);
    }

    [Fact]
    public async Task TheGrandstreamFile_HasTheTenantsDomainTheExtensionsUsernameAndItsCurrentPassword()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        var phone = await AddPhoneWithExtensionAsync(owner, mac, "grandstream-grp2614", "101");
        var extension = await owner.ExtensionAsync(portal, "101");
        using var device = portal.CreateBrowser();

        var response = await device.GetAsync($"/provision/{phone.ProvisioningToken}/cfg{mac.ToLowerInvariant()}.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the file may be cached");
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        var config = xml.Root!.Element("config")!;
        Assert.Equal("gs_provision", xml.Root.Name.LocalName);
        Assert.Equal(mac.ToLowerInvariant(), xml.Root.Element("mac")!.Value);
        Assert.Equal("1", config.Element("P271")!.Value);
        Assert.Equal(owner.SipDomain, config.Element("P47")!.Value);
        Assert.Equal(extension.SipUsername, config.Element("P35")!.Value);
        Assert.Equal(extension.SipUsername, config.Element("P36")!.Value);
        Assert.Equal(await PasswordAsync(extension), config.Element("P34")!.Value);
        Assert.Equal("0", config.Element("P401")!.Value);
        Assert.Null(config.Element("P2"));

        var newPassword = await ChangePasswordAsync(extension.Id, owner.SipDomain);
        var again = System.Xml.Linq.XDocument.Parse(await (await device.GetAsync($"/provision/{phone.ProvisioningToken}/cfg{mac.ToLowerInvariant()}.xml")).Content.ReadAsStringAsync());
        Assert.Equal(newPassword, again.Root!.Element("config")!.Element("P34")!.Value);
    }

    [Fact]
    public async Task AWrongTokenAWrongMacOrTheOtherBrandsFile_Answers404()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        var phone = await AddPhoneWithExtensionAsync(owner, mac, "yealink-t54w");
        using var device = portal.CreateBrowser();
        var lower = mac.ToLowerInvariant();
        var wrongToken = phone.ProvisioningToken[..^4] + (phone.ProvisioningToken.EndsWith("AAAA") ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync($"/provision/{wrongToken}/{lower}.cfg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync($"/provision/{phone.ProvisioningToken}/{RandomMac().ToLowerInvariant()}.cfg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync($"/provision/{phone.ProvisioningToken}/cfg{lower}.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync($"/provision/{phone.ProvisioningToken}/y000000000108.cfg")).StatusCode);
        Assert.Null(await portal.WithDbAsync(db => db.DeskPhones.Where(p => p.Id == phone.Id).Select(p => p.LastFetchedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task APhonesFile_IsNeverServedWithAnotherTenantsToken()
    {
        using var first = await TenantOwner.CreateAsync(portal);
        using var second = await TenantOwner.CreateAsync(portal);
        var firstMac = RandomMac();
        await AddPhoneWithExtensionAsync(first, firstMac, "yealink-t33g");
        var secondPhone = await AddPhoneWithExtensionAsync(second, RandomMac(), "yealink-t33g");
        using var device = portal.CreateBrowser();

        var response = await device.GetAsync($"/provision/{secondPhone.ProvisioningToken}/{firstMac.ToLowerInvariant()}.cfg");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(first.SipDomain, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherTenantsPhone_Answers404OnEveryAction_AndStaysAsItWas()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var intruder = await TenantOwner.CreateAsync(portal);
        var phone = await AddPhoneWithExtensionAsync(owner, RandomMac(), "yealink-t46u");
        var intrudersExtension = await intruder.ExtensionAsync(portal, "100");

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Browser.GetAsync($"/pbx/phones/{phone.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Browser.SubmitAsync("/pbx/phones", $"/pbx/phones/{phone.Id}/lines", [new("lines[0]", intrudersExtension.Id.ToString())])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Browser.SubmitAsync("/pbx/phones", $"/pbx/phones/{phone.Id}/delete", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Browser.SubmitAsync("/pbx/phones", $"/pbx/phones/{phone.Id}/new-url", [])).StatusCode);
        Assert.Equal(phone.ProvisioningToken, await portal.WithDbAsync(db => db.DeskPhones.Where(p => p.Id == phone.Id).Select(p => p.ProvisioningToken).SingleAsync()));

        var line = await portal.WithDbAsync(db => db.DeskPhones.AsNoTracking().Include(p => p.Lines).SingleAsync(p => p.Id == phone.Id));
        Assert.Equal((await owner.ExtensionAsync(portal, "100")).Id, Assert.Single(line.Lines).ExtensionId);
        Assert.DoesNotContain(phone.Id.ToString(), await intruder.Browser.GetPageAsync("/pbx/phones"));
    }

    [Fact]
    public async Task PuttingAnotherTenantsExtensionOnALine_IsRefused()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var other = await TenantOwner.CreateAsync(portal);
        var phone = await AddPhoneWithExtensionAsync(owner, RandomMac(), "yealink-t46u");
        var foreign = await other.ExtensionAsync(portal, "100");

        await owner.Browser.SubmitAsync($"/pbx/phones/{phone.Id}", $"/pbx/phones/{phone.Id}/lines", [new("lines[0]", foreign.Id.ToString())]);

        var lines = await portal.WithDbAsync(db => db.DeskPhones.AsNoTracking().Include(p => p.Lines).SingleAsync(p => p.Id == phone.Id));
        Assert.NotEqual(foreign.Id, Assert.Single(lines.Lines).ExtensionId);
        Assert.Contains("Choose extensions of your own phone system", await owner.Browser.GetPageAsync($"/pbx/phones/{phone.Id}"));
    }

    [Fact]
    public async Task MakingANewUrl_StopsTheOldOne_AndTheNewOneServesTheSameLines()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        var phone = await AddPhoneWithExtensionAsync(owner, mac, "yealink-t46u");

        await owner.Browser.SubmitAsync($"/pbx/phones/{phone.Id}", $"/pbx/phones/{phone.Id}/new-url", []);

        var token = await portal.WithDbAsync(db => db.DeskPhones.Where(p => p.Id == phone.Id).Select(p => p.ProvisioningToken).SingleAsync());
        Assert.NotEqual(phone.ProvisioningToken, token);
        using var device = portal.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync($"/provision/{phone.ProvisioningToken}/{mac.ToLowerInvariant()}.cfg")).StatusCode);
        var file = await (await device.GetAsync($"/provision/{token}/{mac.ToLowerInvariant()}.cfg")).Content.ReadAsStringAsync();
        Assert.Contains($"account.1.user_name = {(await owner.ExtensionAsync(portal, "100")).SipUsername}\n", file);
    }

    [Fact]
    public async Task DeletingAPhone_StopsItsProvisioningUrl()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = RandomMac();
        var phone = await AddPhoneWithExtensionAsync(owner, mac, "yealink-t46u");

        var response = await owner.Browser.SubmitAsync($"/pbx/phones/{phone.Id}", $"/pbx/phones/{phone.Id}/delete", []);

        Assert.Equal("/pbx/phones", response.Headers.Location?.OriginalString);
        using var device = portal.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync($"/provision/{phone.ProvisioningToken}/{mac.ToLowerInvariant()}.cfg")).StatusCode);
    }

    [Fact]
    public async Task TheHelpCentre_ExplainsProvisioning_NextToTheOtherPhoneGuides()
    {
        using var visitor = portal.CreateBrowser();

        var article = await visitor.GetPageAsync("/help/provision-a-desk-phone");

        Assert.Contains("Provision a desk phone automatically", article);
        Assert.Contains("cfg&lt;mac&gt;.xml", article);
        Assert.Contains("GRP2615", article);
        Assert.Contains("/help/provision-a-desk-phone", await visitor.GetPageAsync("/help"));
    }

    private async Task<string> ChangePasswordAsync(Guid extensionId, string domain)
    {
        await using var scope = portal.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var credentials = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>();
        var extension = await db.Extensions.SingleAsync(e => e.Id == extensionId);
        var password = SipCredentialFactory.NewPassword();
        extension.SipPasswordProtected = credentials.Protect(password);
        extension.Ha1 = SipCredentialFactory.Ha1(extension.SipUsername, domain, password);
        await db.SaveChangesAsync();
        return password;
    }
}

public sealed class DeskPhoneTestsOnSqlite(SqlitePortal portal) : DeskPhoneTests<SqlitePortal>(portal);

public sealed class DeskPhoneTestsOnPostgres(PostgresPortal portal) : DeskPhoneTests<PostgresPortal>(portal);
