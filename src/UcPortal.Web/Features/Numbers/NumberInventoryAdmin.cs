namespace UcPortal.Web.Features.Numbers;

/// <summary>The staff inventory browser's filter; every field optional.</summary>
public sealed class NumberFilter
{
    public string? Country { get; set; }
    public string? City { get; set; }
    public NumberPool? Pool { get; set; }
    public NumberStatus? Status { get; set; }
    public NumberType? Type { get; set; }
    /// <summary>Number search (decision 032): area code and digits, as in <see cref="NumberQuery"/>.</summary>
    public string? AreaCode { get; set; }
    public string? Digits { get; set; }
    public DigitsMatch Match { get; set; }
    /// <summary>Keyset paging: the page after this E.164 number, or (with <see cref="Before"/>) before it.</summary>
    public string? After { get; set; }
    public string? Before { get; set; }

    public string Query(string? after = null, string? before = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("country", Country);
        Add("city", City);
        Add("pool", Pool?.ToString());
        Add("status", Status?.ToString());
        Add("type", Type?.ToString());
        Add("areaCode", AreaCode);
        Add("digits", Digits);
        Add("match", string.IsNullOrEmpty(Digits) ? null : Match.ToString());
        Add("after", after);
        Add("before", before);
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}

public sealed record InventoryRow(int Id, string E164, string Country, string Region, string City, NumberType Type, NumberPool Pool,
    NumberStatus Status, int MonthlyCostCents, Guid? TenantId, string? TenantName, DateTime? QuarantinedUntilUtc);

public sealed class InventoryPage
{
    public List<InventoryRow> Rows { get; init; } = [];
    public bool HasNext { get; init; }
    public bool HasPrevious { get; init; }
    /// <summary>Why the area code or digits could not be searched.</summary>
    public Dictionary<string, string> Errors { get; init; } = [];
}

/// <summary>Browses the number inventory for staff, 50 numbers a page in E.164 order. Paging is by
/// keyset (the page after / before a number), never OFFSET, and each filter has an index ending in
/// E164 (country + city, status + pool), so a page costs the same on page 1 and page 20,000 of a
/// million numbers (bench/numbers).</summary>
public sealed class NumberInventoryBrowser(PortalDbContext db)
{
    public const int PageSize = 50;

    public async Task<InventoryPage> PageAsync(NumberFilter filter, CancellationToken ct)
    {
        var errors = NumberSearch.Validate(AsQuery(filter), SearchAudience.Staff, null, true);
        if (errors.Count > 0)
        {
            return new InventoryPage { Errors = errors };
        }
        var backwards = filter.Before is not null && filter.After is null;
        var rows = await PageQuery(db, filter).ToListAsync(ct);
        var more = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        if (backwards)
        {
            rows.Reverse();
        }
        return new InventoryPage
        {
            Rows = rows,
            HasNext = backwards || more,
            HasPrevious = backwards ? more : filter.After is not null,
        };
    }

    /// <summary>The page's query: one row more than a page, to know whether another follows (the benchmark EXPLAINs it).</summary>
    public static IQueryable<InventoryRow> PageQuery(PortalDbContext db, NumberFilter filter)
    {
        var query = Filtered(db, filter);
        if (filter.After is { } after)
        {
            query = query.Where(n => string.Compare(n.E164, after) > 0).OrderBy(n => n.E164);
        }
        else if (filter.Before is { } before)
        {
            query = query.Where(n => string.Compare(n.E164, before) < 0).OrderByDescending(n => n.E164);
        }
        else
        {
            query = query.OrderBy(n => n.E164);
        }
        return query.Take(PageSize + 1)
            .Select(n => new InventoryRow(n.Id, n.E164, n.Country, n.Region, n.City, n.Type, n.Pool, n.Status, n.MonthlyCostCents,
                n.TenantId, n.Tenant != null ? n.Tenant.Name : null, n.QuarantinedUntilUtc));
    }

    private static IQueryable<PhoneNumber> Filtered(PortalDbContext db, NumberFilter filter)
    {
        // Country, city, type, area code and digits: the number search's own conditions.
        var query = NumberSearch.Filter(db, db.PhoneNumbers.AsNoTracking(), AsQuery(filter), db.Database.IsNpgsql());
        if (filter.Pool is { } pool)
        {
            query = query.Where(n => n.Pool == pool);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(n => n.Status == status);
        }
        return query;
    }

    private static NumberQuery AsQuery(NumberFilter f) =>
        new() { Country = f.Country, City = f.City, Type = f.Type, AreaCode = f.AreaCode, Digits = f.Digits, Match = f.Match };

    /// <summary>The countries and cities of the inventory, for the filter's drop-downs.</summary>
    public async Task<List<(string Country, string City)>> AreasAsync(CancellationToken ct) =>
        (await db.PhoneNumbers.Select(n => new { n.Country, n.City }).Distinct().ToListAsync(ct))
            .Select(a => (a.Country, a.City)).OrderBy(a => a.Country, StringComparer.Ordinal).ThenBy(a => a.City, StringComparer.Ordinal).ToList();
}

/// <summary>Staff changes to the inventory (Admin only), each audited: move a number to the other pool,
/// retire it, release it from quarantine early. A number a customer holds is never touched here: it
/// leaves the tenant through the tenant's own release first.</summary>
public sealed class NumberInventoryChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> MoveAsync(int id, NumberPool? pool, CancellationToken ct)
    {
        if (pool is not { } target || !Enum.IsDefined(target))
        {
            return FormResult.Refused("", "Choose the pool to move the number to.");
        }
        var number = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Id == id, ct);
        if (number is null)
        {
            return FormResult.Missing();
        }
        if (number.Status is NumberStatus.Assigned or NumberStatus.Reserved)
        {
            return FormResult.Refused("", $"{number.E164} belongs to a customer: it can change pool once it is back in the inventory.");
        }
        if (number.Pool == target)
        {
            return FormResult.Refused("", $"{number.E164} is already in the {Name(target)} pool.");
        }
        var from = number.Pool;
        number.Pool = target;
        audit.Record(AuditActions.NumberPoolChanged, target: number.E164, detail: $"Moved from the {Name(from)} pool to the {Name(target)} pool.");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"{number.E164} moved to the {Name(target)} pool.");
    }

    public async Task<FormResult> RetireAsync(int id, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Id == id, ct);
        if (number is null)
        {
            return FormResult.Missing();
        }
        if (number.Status is NumberStatus.Assigned or NumberStatus.Reserved)
        {
            return FormResult.Refused("", $"{number.E164} belongs to a customer: it can be retired once it is back in the inventory.");
        }
        if (number.Status == NumberStatus.Retired)
        {
            return FormResult.Refused("", $"{number.E164} is already retired.");
        }
        var was = number.Status;
        number.Status = NumberStatus.Retired;
        number.QuarantinedUntilUtc = null;
        audit.Record(AuditActions.NumberRetired, target: number.E164, detail: $"Retired (was {was.ToString().ToLowerInvariant()}).");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"{number.E164} retired: it will not be offered to anyone again.");
    }

    public async Task<FormResult> ReleaseFromQuarantineAsync(int id, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Id == id, ct);
        if (number is null)
        {
            return FormResult.Missing();
        }
        if (number.Status != NumberStatus.Quarantined)
        {
            return FormResult.Refused("", $"{number.E164} is not in quarantine.");
        }
        var until = number.QuarantinedUntilUtc;
        number.Status = NumberStatus.Available;
        number.QuarantinedUntilUtc = null;
        audit.Record(AuditActions.NumberQuarantineReleased, target: number.E164,
            detail: $"Released from quarantine early (it ended {until:yyyy-MM-dd}); back in the {Name(number.Pool)} pool.");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"{number.E164} released from quarantine: available in the {Name(number.Pool)} pool.");
    }

    private static string Name(NumberPool pool) => pool.ToString().ToLowerInvariant();
}
