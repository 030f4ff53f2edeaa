using System.Collections.Concurrent;
using System.Globalization;
using PhoneNumbers;

namespace UcPortal.Web.Features.Pbx.Sync;

/// <summary>The emergency numbers of a country, which the SIP core always connects to the carrier.
/// Source: the emergency entries of Google's libphonenumber short-number metadata (the package the
/// portal already uses for numbers; its version is pinned in Directory.Packages.props, and
/// deploy/kamailio/README.md lists the result for the countries we sell in). For example US and CA
/// 911 and 112, GB and IE 999 and 112, AU 000, 106 and 112, NZ 111, CN 110, 119 and 120, the EU's
/// 112 plus national numbers (DE 110, FR 15, 17 and 18, ...).</summary>
public static class EmergencyNumbers
{
    // Emergency numbers are short codes of 2 to 4 digits everywhere libphonenumber knows.
    private const int LongestNumber = 4;

    // The numbers taught as "the" emergency number: ITU-T E.161.1's 112 and 911, and the single
    // national numbers 999 (GB, IE), 000 (AU) and 111 (NZ). They are emergency numbers even where a
    // tenant already has an extension or ring group of the same digits.
    private static readonly HashSet<string> Universal = ["112", "911", "999", "000", "111"];

    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> ByCountry = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>All emergency numbers of <paramref name="isoCountry"/> (ISO 3166 alpha-2), shortest first;
    /// empty for a country libphonenumber does not know.</summary>
    public static IReadOnlyList<string> OfCountry(string isoCountry) => ByCountry.GetOrAdd(isoCountry.Trim().ToUpperInvariant(), Find);

    /// <summary>The numbers the SIP core routes to emergency services for a tenant of <paramref name="isoCountry"/>.
    /// A national emergency number that is also one of the tenant's own extensions or ring groups stays
    /// theirs (BE's 101 police number is a trial's default extension 101), as long as the universal
    /// number (112, 911, 999, 000 or 111) reaches the same services; those are never given up.</summary>
    public static IReadOnlyList<string> ForTenant(string isoCountry, IEnumerable<string> internalNumbers)
    {
        var taken = internalNumbers.ToHashSet(StringComparer.Ordinal);
        var numbers = OfCountry(isoCountry);
        var kept = numbers.Where(n => Universal.Contains(n) || !taken.Contains(n)).ToList();
        // A country without a universal number keeps all of its numbers.
        return kept.Any(Universal.Contains) ? kept : numbers;
    }

    /// <summary>True when <paramref name="number"/> may not be an extension or ring-group number of a tenant of
    /// <paramref name="isoCountry"/>: one of the country's emergency numbers or a universal one.</summary>
    public static bool IsReserved(string number, string isoCountry) =>
        Universal.Contains(number) || OfCountry(isoCountry).Contains(number, StringComparer.Ordinal);

    private static IReadOnlyList<string> Find(string isoCountry)
    {
        var shortNumbers = ShortNumberInfo.GetInstance();
        var found = new List<string>();
        for (var length = 2; length <= LongestNumber; length++)
        {
            var count = (int)Math.Pow(10, length);
            for (var i = 0; i < count; i++)
            {
                var candidate = i.ToString(CultureInfo.InvariantCulture).PadLeft(length, '0');
                if (shortNumbers.IsEmergencyNumber(candidate, isoCountry))
                {
                    found.Add(candidate);
                }
            }
        }
        return found;
    }
}
