using System.Collections.Concurrent;
using System.Globalization;
using PhoneNumbers;
using PhoneNumber = PhoneNumbers.PhoneNumber;

namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>What kind of number a call goes to, as seen from a tenant's country, from Google's
/// libphonenumber metadata (already the portal's number library). The portal classifies whole
/// numbers (forwarding pages, call records, rating); the SIP core gets the same answer as a prefix
/// table per country (<see cref="RulesFor"/>, decision 016).</summary>
public static class DestinationClasses
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    // Calling codes of no country (libphonenumber's region "001"): satellite phones and
    // international networks (870 Inmarsat, 881 GMSS, 882/883 international networks, 888, 878),
    // the international premium rate service 979, shared cost 808 and freephone 800.
    private static readonly Dictionary<int, DestinationClass> NonGeographic = new()
    {
        [800] = DestinationClass.International,
        [808] = DestinationClass.SharedCost,
        [870] = DestinationClass.Satellite,
        [878] = DestinationClass.Satellite,
        [881] = DestinationClass.Satellite,
        [882] = DestinationClass.Satellite,
        [883] = DestinationClass.Satellite,
        [888] = DestinationClass.Satellite,
        [979] = DestinationClass.PremiumRate,
    };

    /// <summary>The class of the E.164 number <paramref name="e164"/> ("+..." or digits) for a tenant of
    /// <paramref name="country"/> (ISO 3166 alpha-2); null when it is not a phone number at all.</summary>
    public static DestinationClass? Classify(string e164, string country)
    {
        var digits = new string(e164.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 3 or > 15)
        {
            return null;
        }
        PhoneNumber number;
        try
        {
            number = Phones.Parse("+" + digits, null);
        }
        catch (NumberParseException)
        {
            return null;
        }
        return Classify(number, country.Trim().ToUpperInvariant());
    }

    /// <summary>True for the classes no plan includes: premium rate and satellite or international
    /// networks, which only staff can allow for a tenant.</summary>
    public static bool NeedsStaffPermission(DestinationClass c) => c is DestinationClass.PremiumRate or DestinationClass.Satellite;

    /// <summary>How the class reads on pages and in the CSV.</summary>
    public static string Describe(DestinationClass? c) => c switch
    {
        DestinationClass.DomesticFixed => "domestic",
        DestinationClass.DomesticMobile => "domestic mobile",
        DestinationClass.International => "international",
        DestinationClass.PremiumRate => "premium rate",
        DestinationClass.SharedCost => "shared cost",
        DestinationClass.Satellite => "satellite / international network",
        DestinationClass.TollFree => "toll-free",
        DestinationClass.Emergency => "emergency",
        _ => "",
    };

    /// <summary>The class's name in the SIP core's rules (htable "pbx", keys c:&lt;country&gt;:&lt;prefix&gt;).</summary>
    public static string SipName(DestinationClass c) => c switch
    {
        DestinationClass.DomesticFixed => "fixed",
        DestinationClass.DomesticMobile => "mobile",
        DestinationClass.PremiumRate => "premium",
        DestinationClass.SharedCost => "shared",
        DestinationClass.Satellite => "satellite",
        DestinationClass.TollFree => "tollfree",
        DestinationClass.Emergency => "emergency",
        _ => "intl",
    };

    /// <summary>The class the SIP core gives a number starting with <paramref name="prefix"/> (E.164 digits) for
    /// a tenant of <paramref name="country"/>: the longest rule of <see cref="RulesFor"/> that starts it; no rule
    /// means international, as in route[DESTINATION_CLASS].</summary>
    public static DestinationClass ClassOfPrefix(string prefix, string country) =>
        RulesFor(country).Where(r => prefix.StartsWith(r.Prefix, StringComparison.Ordinal)).OrderByDescending(r => r.Prefix.Length)
            .Select(r => (DestinationClass?)r.Class).FirstOrDefault() ?? DestinationClass.International;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Prefix, DestinationClass Class)>> RulesByCountry = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The prefix table of <paramref name="country"/>: E.164 digit prefixes and their class,
    /// longest prefix wins, anything no prefix matches is international. Built by sampling numbers
    /// under each prefix (up to three digits after the calling code, deeper only where the classes
    /// under a prefix differ); a prefix whose numbers still differ at that depth takes the stricter
    /// class. Only prefixes whose class differs from their parent's are listed.</summary>
    public static IReadOnlyList<(string Prefix, DestinationClass Class)> RulesFor(string country) =>
        RulesByCountry.GetOrAdd(country.Trim().ToUpperInvariant(), BuildRules);

    private static IReadOnlyList<(string Prefix, DestinationClass Class)> BuildRules(string country)
    {
        var rules = new List<(string, DestinationClass)>();
        foreach (var (code, c) in NonGeographic.OrderBy(p => p.Key))
        {
            rules.Add((code.ToString(CultureInfo.InvariantCulture), c));
        }
        var cc = Phones.GetCountryCodeForRegion(country);
        if (cc == 0)
        {
            return rules;
        }
        var ccText = cc.ToString(CultureInfo.InvariantCulture);
        var lengths = Phones.GetRegionCodesForCountryCode(cc)
            .SelectMany(r => Phones.GetMetadataForRegion(r)?.GeneralDesc?.PossibleLengthList ?? [])
            .Where(l => l > 0).Distinct().Order().ToList();
        if (lengths.Count == 0)
        {
            return rules;
        }
        var root = Sample(ccText, "", lengths, country) ?? DestinationClass.DomesticFixed;
        rules.Add((ccText, root));
        Explore(ccText, "", root, 1, lengths, country, rules);
        return rules;
    }

    private const int MaxDepth = 3;

    private static void Explore(string cc, string prefix, DestinationClass parent, int depth, List<int> lengths, string country, List<(string, DestinationClass)> rules)
    {
        for (var digit = '0'; digit <= '9'; digit++)
        {
            var p = prefix + digit;
            var found = SampleAll(cc, p, lengths, country, MaxDepth - depth);
            if (found.Count == 0)
            {
                continue;
            }
            var c = found.Count == 1 || depth == MaxDepth ? Strictest(found) : Majority(found);
            if (c != parent)
            {
                rules.Add((cc + p, c));
            }
            if (found.Count > 1 && depth < MaxDepth)
            {
                Explore(cc, p, c, depth + 1, lengths, country, rules);
            }
        }
    }

    private static DestinationClass? Sample(string cc, string prefix, List<int> lengths, string country)
    {
        var found = SampleAll(cc, prefix, lengths, country, 2);
        return found.Count == 0 ? null : Majority(found);
    }

    // Fillers that make valid numbers under most national plans (no leading 0/1 where a plan forbids it).
    private static readonly string[] Fills =
    [
        "2222222222222", "5555555555555", "9999999999999", "0000000000000", "1111111111111",
        "2345678901234", "7012345678901", "3456789012345",
    ];

    // Samples look past the prefix down to the deepest level, so a range such as +1 900 is seen
    // from +1 9; at the deepest level only the prefix's own class is wanted.
    private static Dictionary<DestinationClass, int> SampleAll(string cc, string prefix, List<int> lengths, string country, int lookahead)
    {
        var found = new Dictionary<DestinationClass, int>();
        foreach (var length in lengths)
        {
            if (prefix.Length + lookahead >= length)
            {
                continue;
            }
            var count = (int)Math.Pow(10, lookahead);
            for (var next = 0; next < count; next++)
            {
                var head = prefix + (lookahead == 0 ? "" : next.ToString(new string('0', lookahead), CultureInfo.InvariantCulture));
                foreach (var fill in Fills)
                {
                    var national = head + fill[..(length - head.Length)];
                    PhoneNumber number;
                    try
                    {
                        number = Phones.Parse("+" + cc + national, null);
                    }
                    catch (NumberParseException)
                    {
                        continue;
                    }
                    if (!Phones.IsValidNumber(number))
                    {
                        continue;
                    }
                    var c = Classify(number, country);
                    found[c] = found.GetValueOrDefault(c) + 1;
                }
            }
        }
        return found;
    }

    private static DestinationClass Majority(Dictionary<DestinationClass, int> found) =>
        found.OrderByDescending(p => p.Value).ThenByDescending(p => Strictness(p.Key)).First().Key;

    private static DestinationClass Strictest(Dictionary<DestinationClass, int> found) => found.Keys.MaxBy(Strictness);

    private static int Strictness(DestinationClass c) => c switch
    {
        DestinationClass.PremiumRate => 7,
        DestinationClass.Satellite => 6,
        DestinationClass.International => 5,
        DestinationClass.SharedCost => 4,
        DestinationClass.DomesticMobile => 3,
        DestinationClass.DomesticFixed => 2,
        _ => 1,
    };

    private static DestinationClass Classify(PhoneNumber number, string country)
    {
        if (NonGeographic.TryGetValue(number.CountryCode, out var nonGeographic))
        {
            return nonGeographic;
        }
        var type = Phones.GetNumberType(number);
        // Premium rate is premium wherever it is; UK-style personal numbers (070) are the classic
        // premium-rate fraud route, so they count as premium too.
        if (type is PhoneNumberType.PREMIUM_RATE or PhoneNumberType.PERSONAL_NUMBER)
        {
            return DestinationClass.PremiumRate;
        }
        // Valid for the tenant's country (+1 800 is valid in the US and in Canada; +1 876 only in
        // Jamaica), or not valid anywhere but under the country's own calling code.
        var domestic = Phones.IsValidNumberForRegion(number, country)
            || (Phones.GetRegionCodeForNumber(number) is null && number.CountryCode == Phones.GetCountryCodeForRegion(country));
        if (!domestic)
        {
            return DestinationClass.International;
        }
        return type switch
        {
            PhoneNumberType.MOBILE => DestinationClass.DomesticMobile,
            PhoneNumberType.SHARED_COST => DestinationClass.SharedCost,
            PhoneNumberType.TOLL_FREE => DestinationClass.TollFree,
            _ => DestinationClass.DomesticFixed,
        };
    }
}
