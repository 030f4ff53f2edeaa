namespace UcPortal.Web.Features.Phones;

public sealed record DeskPhoneRow(Guid Id, string Label, string Mac, DeskPhoneModel? Model, int AssignedLines, DateTime? LastFetchedAtUtc);

public sealed class PhonesPage
{
    public required List<DeskPhoneRow> Phones { get; init; }
    public AddDeskPhoneForm Form { get; init; } = new();
}

public sealed class PhonePage
{
    public required DeskPhone Phone { get; init; }
    public required DeskPhoneModel Model { get; init; }
    public required List<Extension> Extensions { get; init; }
    public required string ProvisioningUrl { get; init; }
    public required string FileName { get; init; }
}

/// <summary>Reads for the desk-phone pages, always within one tenant.</summary>
public sealed class DeskPhonePages(PortalDbContext db)
{
    public async Task<List<DeskPhoneRow>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        var phones = await db.DeskPhones.AsNoTracking().Where(p => p.TenantId == tenantId)
            .Select(p => new { p.Id, p.Label, p.MacAddress, p.Model, Lines = p.Lines.Count, p.LastFetchedAtUtc })
            .ToListAsync(ct);
        return phones
            .Select(p => new DeskPhoneRow(p.Id, p.Label, MacAddress.Format(p.MacAddress), DeskPhoneModels.Find(p.Model), p.Lines, p.LastFetchedAtUtc))
            .OrderBy(p => p.Label, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    public async Task<PhonePage?> GetAsync(Guid tenantId, Guid phoneId, string baseUrl, CancellationToken ct)
    {
        var phone = await db.DeskPhones.AsNoTracking().Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == phoneId && p.TenantId == tenantId, ct);
        var model = DeskPhoneModels.Find(phone?.Model);
        if (phone is null || model is null)
        {
            return null;
        }
        var extensions = await db.Extensions.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.Number).ToListAsync(ct);
        var mac = MacAddress.Lower(phone.MacAddress);
        return new PhonePage
        {
            Phone = phone,
            Model = model,
            Extensions = extensions,
            ProvisioningUrl = $"{baseUrl}/provision/{phone.ProvisioningToken}/",
            FileName = model.Brand == PhoneBrand.Yealink ? $"{mac}.cfg" : $"cfg{mac}.xml",
        };
    }
}
