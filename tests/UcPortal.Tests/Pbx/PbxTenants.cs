using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>A provisioned tenant with its owner signed in: a trial, or moved to the paid Business plan.</summary>
public sealed record PbxTenant(Guid Id, PortalBrowser Owner, string OwnerEmail) : IDisposable
{
    public void Dispose() => Owner.Dispose();
}

public static class PbxTenants
{
    private static int _numberCounter = Random.Shared.Next(1000, 9000);

    public static async Task<PbxTenant> CreateAsync(PortalFactory portal, bool paid = true)
    {
        // Every test makes a tenant; the seeded trial pool (a dozen numbers per city) would run dry.
        // A UK tenant (UK mobile, UK number), so no signup review rule applies.
        var suffix = Interlocked.Increment(ref _numberCounter) % 10000;
        var city = $"Pbxville {suffix:D4}";
        await portal.WithDbAsync(db =>
        {
            db.PhoneNumbers.Add(new PhoneNumber { E164 = $"+44113496{suffix:D4}", Country = "GB", Region = "Test", City = city, Type = NumberType.Local, Pool = NumberPool.Trial, Status = NumberStatus.Available });
            return db.SaveChangesAsync();
        });
        var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser, TrialJourney.ValidForm(area: $"GB|{city}"));
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        await TrialJourney.ForgetSetUpChangeAsync(portal, signup.Id);
        if (paid)
        {
            await portal.WithDbAsync(async db =>
            {
                var business = await db.Plans.SingleAsync(p => p.Code == "business");
                var tenant = await db.Tenants.SingleAsync(t => t.Id == signup.Id);
                tenant.PlanId = business.Id;
                tenant.Status = TenantStatus.Active;
                tenant.TrialExpiresAtUtc = null;
                return await db.SaveChangesAsync();
            });
        }
        return new PbxTenant(signup.Id, browser, signup.Email);
    }

    public static Task<Guid> ExtensionIdAsync(PortalFactory portal, Guid tenantId, string number) =>
        portal.WithDbAsync(db => db.Extensions.Where(e => e.TenantId == tenantId && e.Number == number).Select(e => e.Id).SingleAsync());

    public static Task<Extension> ExtensionAsync(PortalFactory portal, Guid tenantId, string number) =>
        portal.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == tenantId && e.Number == number));

    public static Task<int> ChangeCountAsync(PortalFactory portal, Guid tenantId) =>
        portal.WithDbAsync(db => db.ConfigChanges.CountAsync(c => c.TenantId == tenantId));

    /// <summary>A member of the tenant, signed in, who uses extension <paramref name="number"/>.</summary>
    public static async Task<PortalBrowser> MemberAsync(PortalFactory portal, Guid tenantId, string number)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        await using (var scope = portal.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Mo Member", TenantId = tenantId, TenantRole = TenantRole.Member, CreatedAtUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, TrialJourney.Password)).Succeeded);
            var db = scope.ServiceProvider.GetRequiredService<UcPortal.Data.PortalDbContext>();
            var extension = await db.Extensions.SingleAsync(e => e.TenantId == tenantId && e.Number == number);
            extension.UserId = user.Id;
            await db.SaveChangesAsync();
        }
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, TrialJourney.Password);
        return browser;
    }

    /// <summary>The message in the slot next to <paramref name="field"/> (data-valmsg-for), or "" when none.</summary>
    public static async Task<string> FieldMessageAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var at = html.IndexOf($"data-valmsg-for=\"{field}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no validation slot for {field}");
        return WebUtility.HtmlDecode(html[at..html.IndexOf("</span>", at, StringComparison.Ordinal)]);
    }

    public static Dictionary<string, string> EditForm(Extension e) => new()
    {
        ["Name"] = e.Name,
        ["Email"] = e.Email ?? "",
        ["DoNotDisturb"] = e.DoNotDisturb ? "true" : "false",
        ["Voicemail"] = e.VoicemailEnabled ? "true" : "false",
        ["ForwardAlways.Choice"] = "",
        ["ForwardBusy.Choice"] = "",
        ["ForwardNoAnswer.Choice"] = "",
        ["ForwardUnregistered.Choice"] = "",
        ["NoAnswerSeconds"] = e.NoAnswerSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A fake SIP core that says it is connected, so changes show pending / applied / failed.</summary>
public sealed class ConnectedSipCore : IPbxStateWriter
{
    public bool IsConnected => true;

    public Task ApplyAsync(TenantPbxState state, CancellationToken ct) => Task.CompletedTask;

    public Task RemoveTenantAsync(Guid tenantId, string sipDomain, CancellationToken ct) => Task.CompletedTask;
}

public sealed class SqlitePortalWithSipCore : SqlitePortal
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<IPbxStateWriter, ConnectedSipCore>());
    }
}
