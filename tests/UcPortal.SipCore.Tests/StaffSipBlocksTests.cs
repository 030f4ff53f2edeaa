using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>The staff page of blocked SIP addresses, on the real portal connected to this fixture's
/// Kamailio: a block made by failed logins shows there, and staff lift it.</summary>
[Collection(SipCoreCollection.Name)]
public sealed partial class StaffSipBlocksTests(SipCoreFixture sip) : SipCoreTestBase(sip), IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-sip-blocks-" + Guid.NewGuid().ToString("N")[..10]);
    private PortalOnSipCore? _portal;

    [Fact]
    public async Task AnAddressBlockedByFailedLogins_IsListedForStaff_AndUnblockingItLetsItsPhoneRegister()
    {
        var d = NewDomain("staffblock");
        await ApplyAsync(State(d, [Extension("101", d)]));
        var office = NewLoopbackAddress();
        for (var i = 0; i < SipCoreFixture.AuthFailMax; i++)
        {
            await RegisterAsync("101", d, password: $"old-password-{i}", expected: "403", ip: office);
        }
        await RegisterAsync("101", d, expected: "403", ip: office);

        Directory.CreateDirectory(_folder);
        _portal = new PortalOnSipCore(Sip, _folder);
        using var staff = await LogInAsStaffAsync(_portal, "Support");
        var page = await staff.GetStringAsync("/admin/sip-blocks");
        Assert.Contains($"data-address=\"{office}\"", page);
        Assert.Contains("Blocked SIP addresses", page);

        var lifted = await staff.PostAsync("/admin/sip-blocks/lift", Form(page, ("address", office)));
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        var after = await staff.GetStringAsync("/admin/sip-blocks");

        Assert.Contains($"The block of {office} is lifted", after);
        Assert.DoesNotContain($"data-address=\"{office}\"", after);
        await RegisterAsync("101", d, ip: office);

        var bad = await staff.PostAsync("/admin/sip-blocks/lift", Form(after, ("address", "not-an-address")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<HttpClient> LogInAsStaffAsync(PortalOnSipCore portal, string role)
    {
        var email = $"staff-{Guid.NewGuid():N}@ucportal.test";
        const string password = "Staff-Passw0rd!";
        string key;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Support Desk", CreatedAtUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.AddToRoleAsync(user, role);
            // Staff use the staff area only with a second factor (decision 019).
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/account/login");
        var password1 = await client.PostAsync("/account/login", Form(login, ("Email", email), ("Password", password)));
        Assert.Equal(HttpStatusCode.Redirect, password1.StatusCode);
        var codePage = await client.GetStringAsync(password1.Headers.Location!.OriginalString);
        var signedIn = await client.PostAsync("/account/login/code", Form(codePage, ("Code", UcPortal.Tests.Infrastructure.Totp.Code(key))));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value))));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

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
            // DirectoryNotFoundException included: the test failed before creating it.
        }
    }

    private sealed class PortalOnSipCore(SipCoreFixture sip, string folder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", DatabaseProvider.Sqlite);
            builder.UseSetting("Database:DataFolder", folder);
            builder.UseSetting("Jobs:RunServer", "false");
            builder.UseSetting("SipCore:ConnectionString", sip.ConnectionString);
            builder.UseSetting("SipCore:RpcUrl", sip.RpcUrl.ToString());
            builder.UseSetting("Portal:PublicBaseUrl", "http://portal.test");
        }
    }
}
