using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Phones;

public sealed record ProvisioningFile(string Content, string ContentType);

/// <summary>Builds the configuration file a phone downloads. The token finds the phone; the MAC in
/// the file name and the brand of the format must match it too, so a leaked URL does not give out
/// files for other devices, and a phone of another brand gets nothing.</summary>
public sealed class ProvisioningFiles(PortalDbContext db, SipCredentialFactory credentials, IOptions<SipOptions> sip, TimeProvider clock)
{
    public async Task<ProvisioningFile?> GetAsync(string token, string requestedMac, PhoneBrand format, CancellationToken ct)
    {
        if (token.Length < 32 || token.Length > 64)
        {
            return null;
        }
        var phone = await db.DeskPhones.Include(p => p.Lines).ThenInclude(l => l.Extension).SingleOrDefaultAsync(p => p.ProvisioningToken == token, ct);
        var model = DeskPhoneModels.Find(phone?.Model);
        if (phone is null || model is null || model.Brand != format || !MacAddress.Matches(phone.MacAddress, requestedMac))
        {
            return null;
        }
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == phone.TenantId).Select(t => new { t.SipDomain, t.TimeZone }).SingleAsync(ct);
        var accounts = phone.Lines
            .Where(l => l.Extension is not null && l.Extension.TenantId == phone.TenantId)
            .OrderBy(l => l.Line)
            .Select(l => new ProvisionedAccount(
                l.Line,
                Label: string.IsNullOrWhiteSpace(l.Extension!.Name) ? l.Extension.Number : $"{l.Extension.Number} {l.Extension.Name}",
                DisplayName: string.IsNullOrWhiteSpace(l.Extension.Name) ? l.Extension.Number : l.Extension.Name,
                Username: l.Extension.SipUsername,
                Password: credentials.Unprotect(l.Extension.SipPasswordProtected)))
            .ToList();
        var config = new PhoneConfig(phone.MacAddress, model, tenant.SipDomain, sip.Value.ProxyHost, tenant.TimeZone, accounts);
        phone.LastFetchedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return format == PhoneBrand.Yealink
            ? new ProvisioningFile(YealinkConfigFile.Build(config), YealinkConfigFile.ContentType)
            : new ProvisioningFile(GrandstreamConfigFile.Build(config), GrandstreamConfigFile.ContentType);
    }
}
