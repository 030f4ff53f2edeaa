using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;

namespace UcPortal.Tests.Infrastructure;

/// <summary>A provisioned trial tenant whose owner is signed in in <see cref="Browser"/>.</summary>
public sealed record TenantOwner(PortalBrowser Browser, Guid TenantId, string Email, string SipDomain) : IDisposable
{
    public static async Task<TenantOwner> CreateAsync(PortalFactory portal)
    {
        // Each owner gets a trial number of its own city: the seeded pools run dry after a dozen tenants.
        var city = "Testville " + Guid.NewGuid().ToString("N")[..8];
        await portal.WithDbAsync(async db =>
        {
            db.PhoneNumbers.Add(new PhoneNumber
            {
                E164 = $"+44113{Random.Shared.Next(10_000_000, 99_999_999)}", Country = "GB", Region = "Test", City = city,
                Type = NumberType.Local, Pool = NumberPool.Trial, Status = NumberStatus.Available,
            });
            return await db.SaveChangesAsync();
        });
        var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser, TrialJourney.ValidForm(area: $"GB|{city}"));
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        var domain = await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == signup.Id).Select(t => t.SipDomain).SingleAsync());
        return new TenantOwner(browser, signup.Id, signup.Email, domain);
    }

    public Task<Extension> ExtensionAsync(PortalFactory portal, string number) =>
        portal.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == TenantId && e.Number == number));

    public void Dispose() => Browser.Dispose();
}
