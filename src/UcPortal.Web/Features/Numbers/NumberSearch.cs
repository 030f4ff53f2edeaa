using Microsoft.Extensions.Options;
using NumberParseException = PhoneNumbers.NumberParseException;
using PhoneNumberType = PhoneNumbers.PhoneNumberType;
using PhoneNumberUtil = PhoneNumbers.PhoneNumberUtil;

namespace UcPortal.Web.Features.Numbers;

/// <summary>How the digits of a number search compare with a number: anywhere after its country code, at
/// the start (after the area code when one is given, else after the country code), or at its end.</summary>
public enum DigitsMatch { Contains = 0, Starts = 1, Ends = 2 }

/// <summary>Who is searching, which decides what they may be offered: the trial pool (signup), the paid
/// pool (a tenant), or everything (staff).</summary>
public enum SearchAudience { Trial, Tenant, Staff }

public sealed class NumberSearchOptions
{
    /// <summary>How long choosing a number holds it for the visitor or tenant.</summary>
    public int HoldMinutes { get; set; } = 10;
    /// <summary>Numbers a search shows at once (more through "More numbers").</summary>
    public int PageSize { get; set; } = 12;
}

/// <summary>The number search form. Every field optional except the country for customers.</summary>
public sealed class NumberQuery
{
    public string? Country { get; set; }
    public string? City { get; set; }
    /// <summary>Digits after the country code (212 in New York, 20 or 020 in London).</summary>
    public string? AreaCode { get; set; }
    public string? Digits { get; set; }
    public DigitsMatch Match { get; set; }
    public NumberType? Type { get; set; }
    /// <summary>Keyset: the numbers after this E.164 number.</summary>
    public string? After { get; set; }
}

public sealed record NumberOffer(int Id, string E164, string Country, string Region, string City, NumberType Type, NumberPool Pool,
    NumberStatus Status, int MonthlyCostCents, string? HeldBy, DateTime? HeldUntilUtc)
{
    public string Display => PhoneDisplay.Format(E164);
}

public sealed class NumberSearchResult
{
    public List<NumberOffer> Rows { get; init; } = [];
    public bool HasNext { get; init; }
    /// <summary>Field → message, for the fields the search could not use.</summary>
    public Dictionary<string, string> Errors { get; init; } = [];
    public bool Searched { get; init; }
}

/// <summary>Searches the inventory by country, city, area code, digits and type (decision 032). Every
/// search is keyset-paged in E.164 order and each condition is one an index can answer: area code and
/// "starts with" are prefixes of E164 (pattern-ops btree on PostgreSQL, a range on SQLite's binary
/// collation), "ends in" a prefix of E164Reversed, "contains" a trigram GIN index on PostgreSQL (on
/// SQLite it filters the rows of the country's index). A number someone else holds is never offered.</summary>
public sealed class NumberSearch(PortalDbContext db, TimeProvider clock, IOptions<NumberSearchOptions> options)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public int PageSize => Math.Clamp(options.Value.PageSize, 1, 100);

    /// <summary>Searches what <paramref name="audience"/> may be offered. <paramref name="holder"/> is the
    /// searcher's hold key (their own hold stays visible); <paramref name="homeCountry"/> and
    /// <paramref name="foreignAllowed"/> restrict a tenant to its own country unless it pays.</summary>
    public async Task<NumberSearchResult> SearchAsync(NumberQuery q, SearchAudience audience, string? holder, string? homeCountry, bool foreignAllowed, CancellationToken ct)
    {
        var errors = Validate(q, audience, homeCountry, foreignAllowed);
        if (errors.Count > 0)
        {
            return new NumberSearchResult { Errors = errors, Searched = true };
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var query = Filter(db, db.PhoneNumbers.AsNoTracking(), q, db.Database.IsNpgsql());
        if (audience != SearchAudience.Staff)
        {
            var pool = audience == SearchAudience.Trial ? NumberPool.Trial : NumberPool.Paid;
            query = query.Where(n => n.Pool == pool && n.Status == NumberStatus.Available
                && (n.HeldUntilUtc == null || n.HeldUntilUtc <= now || n.HeldBy == holder));
        }
        var rows = await Page(query, q.After, PageSize).ToListAsync(ct);
        return new NumberSearchResult { Rows = rows.Take(PageSize).ToList(), HasNext = rows.Count > PageSize, Searched = true };
    }

    /// <summary>One page after <paramref name="after"/> plus one row, to know whether another follows.</summary>
    public static IQueryable<NumberOffer> Page(IQueryable<PhoneNumber> query, string? after, int size)
    {
        if (!string.IsNullOrEmpty(after))
        {
            query = query.Where(n => string.Compare(n.E164, after) > 0);
        }
        return query.OrderBy(n => n.E164).Take(size + 1)
            .Select(n => new NumberOffer(n.Id, n.E164, n.Country, n.Region, n.City, n.Type, n.Pool, n.Status, n.MonthlyCostCents, n.HeldBy, n.HeldUntilUtc));
    }

    /// <summary>What is wrong with the query for this audience, field by field.</summary>
    public static Dictionary<string, string> Validate(NumberQuery q, SearchAudience audience, string? homeCountry, bool foreignAllowed)
    {
        var errors = new Dictionary<string, string>();
        var country = Normalize(q.Country);
        if (country is null && audience != SearchAudience.Staff)
        {
            errors[nameof(q.Country)] = "Choose a country.";
        }
        else if (country is not null && Phones.GetCountryCodeForRegion(country) == 0)
        {
            errors[nameof(q.Country)] = "Choose a country from the list.";
        }
        else if (audience == SearchAudience.Tenant && country != homeCountry && !foreignAllowed)
        {
            errors[nameof(q.Country)] = "Numbers in other countries (virtual offices) come with a paid plan. Upgrade to add them.";
        }
        var area = Digits(q.AreaCode);
        if (area is { Length: > 6 } || (area is null && !string.IsNullOrWhiteSpace(q.AreaCode)))
        {
            errors[nameof(q.AreaCode)] = "An area code is 1 to 6 digits, e.g. 212 or 020.";
        }
        else if (area is not null && country is null)
        {
            errors[nameof(q.AreaCode)] = "Choose the country of this area code.";
        }
        var digits = Digits(q.Digits);
        if (digits is null && !string.IsNullOrWhiteSpace(q.Digits))
        {
            errors[nameof(q.Digits)] = "Type digits only, e.g. 2020 or 00.";
        }
        else if (digits is { Length: > 15 })
        {
            errors[nameof(q.Digits)] = "A number has at most 15 digits.";
        }
        else if (digits is { Length: < 3 } && q.Match == DigitsMatch.Contains)
        {
            errors[nameof(q.Digits)] = "Type at least 3 digits to search inside numbers, or choose \"ends with\" or \"starts with\".";
        }
        else if (digits is not null && q.Match == DigitsMatch.Starts && country is null)
        {
            errors[nameof(q.Digits)] = "Choose a country: \"starts with\" means after its country code.";
        }
        if (!Enum.IsDefined(q.Match))
        {
            errors[nameof(q.Digits)] = "Choose contains, starts with or ends with.";
        }
        return errors;
    }

    /// <summary>The query's conditions on the inventory (callers add who may see what). Public so the
    /// staff browser and the index tests use the very same conditions.</summary>
    public static IQueryable<PhoneNumber> Filter(PortalDbContext db, IQueryable<PhoneNumber> query, NumberQuery q, bool npgsql)
    {
        var country = Normalize(q.Country);
        if (country is not null)
        {
            query = query.Where(n => n.Country == country);
        }
        if (!string.IsNullOrWhiteSpace(q.City))
        {
            var city = q.City.Trim();
            query = query.Where(n => n.City == city);
        }
        if (q.Type is { } type)
        {
            query = query.Where(n => n.Type == type);
        }
        var callingCode = country is null ? null : "+" + Phones.GetCountryCodeForRegion(country);
        var prefix = callingCode;
        if (Digits(q.AreaCode) is { } area && callingCode is not null)
        {
            prefix = callingCode + StripNationalPrefix(country!, area);
        }
        var digits = Digits(q.Digits);
        if (digits is not null && q.Match == DigitsMatch.Starts && callingCode is not null)
        {
            // "Starts with" reads after the area code when there is one, else after the country code.
            prefix = prefix != callingCode ? prefix + digits : callingCode + StripNationalPrefix(country!, digits);
        }
        if (prefix is not null && prefix != callingCode)
        {
            query = StartsWith(query, prefix, npgsql, reversed: false);
        }
        if (digits is not null && q.Match == DigitsMatch.Ends)
        {
            query = StartsWith(query, new string([.. digits.Reverse()]), npgsql, reversed: true);
        }
        if (digits is not null && q.Match == DigitsMatch.Contains)
        {
            // After the country code when there is one (contains 2020 in +1 202 0…, not across the "+1").
            // "%digits%" on the whole number is what PostgreSQL's trigram index answers; the substring after
            // the country code (a filter on those rows) keeps "+1" from counting as digits of the number.
            var anywhere = "%" + digits + "%";
            query = query.Where(n => EF.Functions.Like(n.E164, anywhere));
            if (callingCode is not null)
            {
                var skip = callingCode.Length;
                query = query.Where(n => EF.Functions.Like(n.E164.Substring(skip), anywhere));
            }
        }
        return query;
    }

    /// <summary>A prefix condition an index answers: LIKE 'x%' on PostgreSQL (pattern-ops btree), a range
    /// on SQLite (its binary collation orders digits, and ':' sorts right after '9').</summary>
    private static IQueryable<PhoneNumber> StartsWith(IQueryable<PhoneNumber> query, string prefix, bool npgsql, bool reversed)
    {
        if (npgsql)
        {
            var like = prefix + "%";
            return reversed ? query.Where(n => EF.Functions.Like(n.E164Reversed, like)) : query.Where(n => EF.Functions.Like(n.E164, like));
        }
        var end = prefix + ":";
        return reversed
            ? query.Where(n => string.Compare(n.E164Reversed, prefix) >= 0 && string.Compare(n.E164Reversed, end) < 0)
            : query.Where(n => string.Compare(n.E164, prefix) >= 0 && string.Compare(n.E164, end) < 0);
    }

    private static string StripNationalPrefix(string country, string digits)
    {
        var national = Phones.GetMetadataForRegion(country)?.NationalPrefix;
        return !string.IsNullOrEmpty(national) && digits.Length > national.Length && digits.StartsWith(national, StringComparison.Ordinal)
            ? digits[national.Length..]
            : digits;
    }

    private static string? Normalize(string? country) =>
        string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();

    /// <summary>The digits typed, spaces, dashes and dots allowed between them; null when empty or not digits.</summary>
    internal static string? Digits(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }
        var kept = typed.Trim().Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray();
        return kept.Length > 0 && kept.All(char.IsAsciiDigit) ? new string(kept) : null;
    }

    /// <summary>Countries the audience can search, with a name, for the drop-down.</summary>
    public async Task<List<string>> CountriesAsync(SearchAudience audience, CancellationToken ct)
    {
        var query = db.PhoneNumbers.AsNoTracking().Where(n => n.Status == NumberStatus.Available);
        if (audience != SearchAudience.Staff)
        {
            var pool = audience == SearchAudience.Trial ? NumberPool.Trial : NumberPool.Paid;
            query = query.Where(n => n.Pool == pool);
        }
        return (await query.Select(n => n.Country).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>The type of a number by its country's rules (libphonenumber), when the rules say it clearly.</summary>
public static class NumberTypes
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static NumberType? Classify(string e164)
    {
        try
        {
            return Phones.GetNumberType(Phones.Parse(e164, null)) switch
            {
                PhoneNumberType.TOLL_FREE => NumberType.TollFree,
                PhoneNumberType.MOBILE => NumberType.Mobile,
                PhoneNumberType.UAN or PhoneNumberType.SHARED_COST => NumberType.National,
                PhoneNumberType.FIXED_LINE => NumberType.Local,
                _ => null,
            };
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    public static string Name(NumberType type) => type switch
    {
        NumberType.TollFree => "Toll-free",
        NumberType.Mobile => "Mobile",
        NumberType.National => "National",
        _ => "Local",
    };
}
