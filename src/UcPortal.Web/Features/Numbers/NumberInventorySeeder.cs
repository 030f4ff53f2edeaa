namespace UcPortal.Web.Features.Numbers;

/// <summary>Fills an empty inventory with a realistic sample: a few hundred numbers in several
/// countries and cities, in the trial and paid pools. Numbers are drawn from ranges reserved for
/// fiction or testing where a country has one (UK 020 7946 0xxx, US 555-01xx), so the sample can
/// never ring a real subscriber.</summary>
public sealed class NumberInventorySeeder(PortalDbContext db)
{
    internal sealed record Area(string Country, string Region, string City, string Prefix, int TrialCount, int PaidCount, NumberType Type = NumberType.Local);

    internal static readonly Area[] Areas =
    [
        new("US", "New York", "New York", "+1212555", 12, 20),
        new("US", "Illinois", "Chicago", "+1312555", 10, 16),
        new("US", "California", "Los Angeles", "+1213555", 10, 16),
        new("US", "California", "San Francisco", "+1415555", 8, 14),
        new("US", "Texas", "Austin", "+1512555", 8, 12),
        new("US", "Florida", "Miami", "+1305555", 6, 12),
        new("US", "National", "Toll-free", "+1800555", 0, 10, NumberType.TollFree),
        new("CA", "Ontario", "Toronto", "+1416555", 8, 12),
        new("CA", "Quebec", "Montreal", "+1514555", 6, 10),
        new("GB", "England", "London", "+44207946", 12, 20),
        new("GB", "England", "Manchester", "+44161496", 8, 12),
        new("GB", "Scotland", "Edinburgh", "+44131496", 6, 10),
        new("DE", "Berlin", "Berlin", "+493055501", 10, 14),
        new("DE", "Bavaria", "Munich", "+498955501", 8, 12),
        new("DE", "Hamburg", "Hamburg", "+494055501", 6, 10),
        new("FR", "Ile-de-France", "Paris", "+33155501", 10, 14),
        new("FR", "Auvergne-Rhone-Alpes", "Lyon", "+33455501", 6, 10),
        new("NL", "North Holland", "Amsterdam", "+31205550", 8, 12),
        new("NL", "South Holland", "Rotterdam", "+31105550", 6, 10),
        new("AU", "New South Wales", "Sydney", "+61255501", 8, 12),
        new("AU", "Victoria", "Melbourne", "+61355501", 6, 10),
        // Decision 032: toll-free, national and mobile numbers, and more countries (paid pool: virtual offices).
        // UK 0800 and 0303 ranges and 07700 900xxx are Ofcom's drama ranges; the others are fictional blocks.
        new("GB", "National", "Toll-free", "+44808157", 0, 8, NumberType.TollFree),
        new("GB", "National", "National", "+44306999", 0, 8, NumberType.National),
        new("GB", "National", "Mobile", "+44770090", 0, 8, NumberType.Mobile),
        new("US", "National", "Toll-free 888", "+1888555", 0, 8, NumberType.TollFree),
        new("CN", "National", "National", "+86400555", 0, 8, NumberType.National),
        new("CN", "Beijing", "Beijing", "+86105550", 0, 10),
        new("CN", "Shanghai", "Shanghai", "+86215550", 0, 10),
        new("JP", "Tokyo", "Tokyo", "+81355501", 0, 10),
        new("SG", "Singapore", "Singapore", "+6562555", 0, 10),
        new("ES", "Madrid", "Madrid", "+3491555", 0, 10),
        new("IE", "Dublin", "Dublin", "+35315550", 0, 10),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.PhoneNumbers.AnyAsync(ct))
        {
            return;
        }
        foreach (var area in Areas)
        {
            var total = area.TrialCount + area.PaidCount;
            for (var i = 0; i < total; i++)
            {
                // Suffixes step through 01xx-style blocks: 0100, 0101, … unique per area.
                var suffix = (100 + i).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
                db.PhoneNumbers.Add(new PhoneNumber
                {
                    E164 = area.Prefix + suffix,
                    Country = area.Country,
                    Region = area.Region,
                    City = area.City,
                    Type = area.Type,
                    Pool = i < area.TrialCount ? NumberPool.Trial : NumberPool.Paid,
                    Status = NumberStatus.Available,
                });
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
    }
}
