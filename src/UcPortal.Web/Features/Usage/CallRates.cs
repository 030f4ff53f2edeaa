using System.Globalization;

namespace UcPortal.Web.Features.Usage;

/// <summary>The rate table: the per-minute price of a call is the one of the longest prefix of its
/// number (E.164 digits) in <see cref="CallRate"/>; no matching prefix means the call is not rated.</summary>
public sealed class CallRates(IReadOnlyList<CallRate> rates)
{
    public static async Task<CallRates> LoadAsync(PortalDbContext db, CancellationToken ct) =>
        new(await db.CallRates.AsNoTracking().ToListAsync(ct));

    public CallRate? Find(string number)
    {
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null
            : rates.Where(r => digits.StartsWith(r.Prefix, StringComparison.Ordinal)).MaxBy(r => r.Prefix.Length);
    }

    /// <summary>Cost in millionths of the currency unit of <paramref name="billedSeconds"/> (whole minutes) to <paramref name="rate"/>.</summary>
    public static long Cost(CallRate? rate, int billedSeconds) => rate is null ? 0 : rate.PricePerMinuteMicros * billedSeconds / 60;

    /// <summary>Micros as money: "0.0120" (four decimals: per-minute prices go below a cent).</summary>
    public static string Format(long micros) => (micros / 1_000_000m).ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Parses "0.012" (currency units, at most 6 decimals) into micros.</summary>
    public static bool TryParse(string? text, out long micros)
    {
        micros = 0;
        if (!decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 100)
        {
            return false;
        }
        var scaled = value * 1_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }
        micros = (long)scaled;
        return true;
    }
}

/// <summary>Fills an empty rate table with default prices (per minute, USD): domestic and mobile for the
/// countries we sell in, the rest of the world, the +1 Caribbean, premium rate and satellite networks.
/// A table staff have edited (any row) is left alone.</summary>
public sealed class CallRateSeeder(PortalDbContext db)
{
    internal static readonly (string Prefix, string Description, long Micros)[] Defaults =
    [
        ("1", "United States and Canada", 10_000),
        ("1900", "US premium rate", 1_000_000),
        ("1876", "Jamaica", 150_000),
        ("1809", "Dominican Republic", 150_000),
        ("1242", "Bahamas", 150_000),
        ("1268", "Antigua and Barbuda", 200_000),
        ("1284", "British Virgin Islands", 200_000),
        ("44", "United Kingdom", 12_000),
        ("447", "United Kingdom mobile", 30_000),
        ("449", "United Kingdom premium rate", 1_000_000),
        ("61", "Australia", 20_000),
        ("614", "Australia mobile", 40_000),
        ("49", "Germany", 15_000),
        ("33", "France", 15_000),
        ("353", "Ireland", 15_000),
        ("64", "New Zealand", 25_000),
        ("870", "Inmarsat", 5_000_000),
        ("881", "Global mobile satellite", 5_000_000),
        ("882", "International networks", 3_000_000),
        ("883", "International networks", 3_000_000),
        ("979", "International premium rate", 3_000_000),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.CallRates.AnyAsync(ct))
        {
            return;
        }
        db.CallRates.AddRange(Defaults.Select(d => new CallRate { Prefix = d.Prefix, Description = d.Description, PricePerMinuteMicros = d.Micros }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node seeded it at the same moment.
            db.ChangeTracker.Clear();
        }
    }
}
