using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace UcPortal.Web.Features.CustomerSearch;

public enum SearchKind { All, Text, Email, Phone }

public sealed record TenantRow(Guid Id, string Name, string SipDomain, TenantStatus Status, string Plan, string? OwnerEmail,
    List<string> Numbers, DateTime CreatedAtUtc, DateTime? TrialExpiresAtUtc, int CreditLeftMinutes,
    int TrialCreditCents = 0, long UsedCreditMicros = 0, string Currency = "USD")
{
    /// <summary>The trial's credit left, of its kind: "$4.20" or "42 min".</summary>
    public string CreditLeft => TrialCreditCents > 0
        ? Trials.TrialCredit.Money2(Math.Max(0, TrialCreditCents * 10_000L - UsedCreditMicros) / 10_000, Currency)
        : $"{Math.Max(0, CreditLeftMinutes)} min";
}

public sealed class TenantSearchResult
{
    public required string Query { get; init; }
    public TenantStatus? Status { get; init; }
    public SearchKind Kind { get; init; }
    /// <summary>The number searched for, as E.164 (or its beginning), when the query was a phone number.</summary>
    public string? Phone { get; init; }
    /// <summary>Why the query was not run, shown next to the search box.</summary>
    public string? Error { get; init; }
    public List<TenantRow> Tenants { get; init; } = [];
    public int Page { get; init; } = 1;
    public int PageSize { get; init; }
    /// <summary>Matches counted up to <see cref="TenantSearch.CountCap"/>; <see cref="TotalIsCapped"/> says "more".</summary>
    public int Total { get; init; }
    public bool TotalIsCapped { get; init; }
    public bool HasPrevious => Page > 1;
    public bool HasNext { get; init; }
}

/// <summary>Finds tenants for staff by email, person or company name, phone number (any format, matched as
/// E.164), SIP domain or billing (Stripe) customer id. Each kind of match is its own index-friendly query
/// (a trigram index for substrings on PostgreSQL, a btree for exact and prefix matches), and the tenant ids
/// they return are combined with UNION: an OR across tables would make the planner scan every tenant.</summary>
public sealed partial class TenantSearch(PortalDbContext db, IOptions<CustomerSearchOptions> options)
{
    public const int MaxQueryLength = 100;

    /// <summary>Substring searches need a trigram to use their index; one or two letters would read every tenant
    /// (bench/search: "e" took 0.7–1.8 s on 100,000 tenants).</summary>
    public const int MinTextLength = 3;

    /// <summary>Counting every match of a one-letter search would read most tenants: past this we say "more".</summary>
    public const int CountCap = 1000;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async Task<TenantSearchResult> RunAsync(string? text, TenantStatus? status, int page, CancellationToken ct)
    {
        var query = (text ?? "").Trim();
        var pageSize = Math.Max(1, options.Value.PageSize);
        page = Math.Clamp(page, 1, 10_000);
        if (query.Length > MaxQueryLength)
        {
            return new TenantSearchResult
            {
                Query = query[..MaxQueryLength], Status = status, PageSize = pageSize,
                Error = $"A search is at most {MaxQueryLength} characters: shorten it.",
            };
        }

        var (kind, phone, error) = Classify(query);
        if (error is not null)
        {
            return new TenantSearchResult { Query = query, Status = status, Kind = kind, PageSize = pageSize, Error = error };
        }
        var tenants = Filter(query, kind, phone, status);
        var counted = await tenants.OrderByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.Id).Take(CountCap + 1).CountAsync(ct);
        var rows = await Page(tenants, page, pageSize).ToListAsync(ct);
        // The page's numbers in a second query: a per-tenant "first three" inside the page query makes
        // PostgreSQL number every assigned number of every tenant before joining.
        var ids = rows.Select(r => (Guid?)r.Id).ToList();
        var numbers = (await db.PhoneNumbers.AsNoTracking().Where(n => ids.Contains(n.TenantId))
                .Select(n => new { n.TenantId, n.E164 }).ToListAsync(ct))
            .ToLookup(n => n.TenantId!.Value, n => n.E164);
        rows = rows.Select(r => r with { Numbers = numbers[r.Id].Order(StringComparer.Ordinal).ToList() }).ToList();
        return new TenantSearchResult
        {
            Query = query, Status = status, Kind = kind, Phone = phone, Tenants = rows, Page = page, PageSize = pageSize,
            Total = Math.Min(counted, CountCap), TotalIsCapped = counted > CountCap,
            HasNext = counted > page * pageSize,
        };
    }

    /// <summary>The tenants matching the query, before paging; public so a test can EXPLAIN its SQL.</summary>
    public IQueryable<Tenant> Filter(string query, SearchKind kind, string? phone, TenantStatus? status)
    {
        var tenants = db.Tenants.AsNoTracking();
        if (status is not null)
        {
            tenants = tenants.Where(t => t.Status == status);
        }
        var ids = kind switch
        {
            SearchKind.All => null,
            SearchKind.Phone => PhoneMatches(phone!),
            SearchKind.Email => EmailMatches(query),
            _ => TextMatches(query),
        };
        return ids is null ? tenants : tenants.Where(t => ids.Contains(t.Id));
    }

    public static IQueryable<TenantRow> Page(IQueryable<Tenant> tenants, int page, int pageSize) => tenants
        .OrderByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.Id)
        .Skip((page - 1) * pageSize).Take(pageSize)
        .Select(t => new TenantRow(
            t.Id, t.Name, t.SipDomain, t.Status, t.Plan!.Name,
            t.Users.Where(u => u.TenantRole == TenantRole.Owner).Select(u => u.Email).FirstOrDefault(),
            new List<string>(),
            t.CreatedAtUtc, t.TrialExpiresAtUtc, (t.TrialCreditSeconds - t.UsedCreditSeconds) / 60,
            t.TrialCreditCents, t.UsedCreditMicros, t.Plan!.Currency));

    /// <summary>What the staff member typed: an email (has "@"), a phone number (digits and the usual
    /// separators, at least six digits), or free text (names, company, SIP domain, billing id).</summary>
    public (SearchKind Kind, string? Phone, string? Error) Classify(string query)
    {
        if (query.Length == 0)
        {
            return (SearchKind.All, null, null);
        }
        if (query.Length < MinTextLength && !PhoneLike().IsMatch(query))
        {
            return (SearchKind.Text, null, $"Type at least {MinTextLength} characters.");
        }
        if (query.Contains('@'))
        {
            return (SearchKind.Email, null, null);
        }
        if (!PhoneLike().IsMatch(query))
        {
            return (SearchKind.Text, null, null);
        }
        var digits = new string(query.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 6)
        {
            return query.Length < MinTextLength ? (SearchKind.Text, null, $"Type at least {MinTextLength} characters.") : (SearchKind.Text, null, null);
        }
        var international = query.StartsWith('+') || digits.StartsWith("00", StringComparison.Ordinal);
        var typed = international && !query.StartsWith('+') ? "+" + digits[2..] : query;
        try
        {
            var parsed = Phones.Parse(typed, options.Value.DefaultCountry);
            if (Phones.IsValidNumber(parsed))
            {
                return (SearchKind.Phone, Phones.Format(parsed, PhoneNumberFormat.E164), null);
            }
        }
        catch (NumberParseException)
        {
            // Not a whole number: an international beginning is still searchable below.
        }
        if (international)
        {
            return (SearchKind.Phone, "+" + (query.StartsWith('+') ? digits : digits[2..]), null);
        }
        return (SearchKind.Phone, null, "Not a whole phone number: type it in full, or its beginning with the country code (+44 20 7946…).");
    }

    private IQueryable<Guid> PhoneMatches(string e164)
    {
        // A whole number is matched exactly, a beginning by prefix (pattern-ops btree on PostgreSQL).
        var whole = Phones.IsValidNumber(Phones.Parse(e164, null));
        var prefix = Escape(e164) + "%";
        var numbers = whole
            ? db.PhoneNumbers.Where(n => n.E164 == e164 && n.TenantId != null).Select(n => n.TenantId!.Value)
            : db.PhoneNumbers.Where(n => EF.Functions.Like(n.E164, prefix, "\\") && n.TenantId != null).Select(n => n.TenantId!.Value);
        var mobiles = whole
            ? db.Tenants.Where(t => t.VerifiedMobileE164 == e164).Select(t => t.Id)
            : db.Tenants.Where(t => EF.Functions.Like(t.VerifiedMobileE164, prefix, "\\")).Select(t => t.Id);
        return numbers.Union(mobiles);
    }

    // Staff users (no tenant) give a null id here, which matches no tenant: filtering them out in the arm
    // would let PostgreSQL prefer the TenantId index over the trigram one.
    private IQueryable<Guid> EmailMatches(string query)
    {
        var pattern = "%" + Escape(query.ToUpperInvariant()) + "%";
        return db.Users.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern, "\\")).Select(u => u.TenantId!.Value);
    }

    private IQueryable<Guid> TextMatches(string query)
    {
        var lower = query.ToLowerInvariant();
        var contains = "%" + Escape(lower) + "%";
        var startsWith = Escape(lower) + "%";
        var companies = db.Tenants.Where(t => EF.Functions.Like(t.Name.ToLower(), contains, "\\")).Select(t => t.Id);
        var people = db.Users.Where(u => EF.Functions.Like(u.FullName.ToLower(), contains, "\\")).Select(u => u.TenantId!.Value);
        var emails = EmailMatches(query);
        var domains = db.Tenants.Where(t => EF.Functions.Like(t.SipDomain, startsWith, "\\")).Select(t => t.Id);
        // Stripe ids are case-sensitive and only ever searched whole.
        var billing = db.Tenants.Where(t => t.BillingCustomerId == query).Select(t => t.Id);
        return companies.Union(people).Union(emails).Union(domains).Union(billing);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    [GeneratedRegex(@"^[+\d\s().\-/]+$")]
    private static partial Regex PhoneLike();
}
