namespace UcPortal.Web.Features.Numbers;

/// <summary>A city (or toll-free range) of a country where the trial pool holds numbers.</summary>
public sealed record TrialArea(string Country, string City, string Region, int Available)
{
    public string Key => $"{Country}|{City}";

    public static (string Country, string City)? Parse(string? key)
    {
        var parts = (key ?? "").Split('|', 2);
        return parts.Length == 2 && parts[0].Length == 2 && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
    }
}

public sealed class NumberInventory(PortalDbContext db, TimeProvider clock)
{
    /// <summary>Areas of the trial pool with how many numbers each still has, by country then city.</summary>
    public async Task<List<TrialArea>> GetTrialAreasAsync(bool includeEmpty = false, CancellationToken ct = default)
    {
        var rows = await db.PhoneNumbers
            .Where(n => n.Pool == NumberPool.Trial)
            .GroupBy(n => new { n.Country, n.City, n.Region })
            .Select(g => new { g.Key.Country, g.Key.City, g.Key.Region, Available = g.Count(n => n.Status == NumberStatus.Available) })
            .ToListAsync(ct);
        return rows
            .Where(r => includeEmpty || r.Available > 0)
            .Select(r => new TrialArea(r.Country, r.City, r.Region, r.Available))
            .OrderBy(a => a.Country, StringComparer.Ordinal).ThenBy(a => a.City, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Takes one available trial number of the area for the tenant, or returns null when the
    /// area's pool is empty. A number someone holds while choosing (decision 032) is never taken. The take is a compare-and-set in the database (UPDATE … WHERE status =
    /// available), so two provisionings racing for the same number cannot both get it: the loser
    /// sees zero rows changed and tries the next number.</summary>
    public async Task<PhoneNumber?> ReserveTrialNumberAsync(Guid tenantId, string country, string city, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skip = new HashSet<int>();
        while (true)
        {
            // A random pick among the first few spreads concurrent provisionings over different rows.
            var candidates = await db.PhoneNumbers
                .Where(n => n.Pool == NumberPool.Trial && n.Status == NumberStatus.Available && n.Country == country && n.City == city
                    && (n.HeldUntilUtc == null || n.HeldUntilUtc <= now))
                .OrderBy(n => n.Id)
                .Select(n => n.Id)
                .Take(8)
                .ToListAsync(ct);
            candidates.RemoveAll(skip.Contains);
            if (candidates.Count == 0)
            {
                return null;
            }
            var id = candidates[Random.Shared.Next(candidates.Count)];
            var taken = await db.PhoneNumbers
                .Where(n => n.Id == id && n.Status == NumberStatus.Available && (n.HeldUntilUtc == null || n.HeldUntilUtc <= now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, NumberStatus.Assigned)
                    .SetProperty(n => n.TenantId, tenantId)
                    .SetProperty(n => n.AssignedAtUtc, now), ct);
            if (taken == 1)
            {
                return await db.PhoneNumbers.AsNoTracking().SingleAsync(n => n.Id == id, ct);
            }
            skip.Add(id);
        }
    }

    /// <summary>Cities of the paid pool in one country with how many numbers each still has.</summary>
    public async Task<List<TrialArea>> GetPaidAreasAsync(string country, CancellationToken ct = default)
    {
        var rows = await db.PhoneNumbers
            .Where(n => n.Pool == NumberPool.Paid && n.Country == country && n.Status == NumberStatus.Available)
            .GroupBy(n => new { n.Country, n.City, n.Region })
            .Select(g => new { g.Key.Country, g.Key.City, g.Key.Region, Available = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new TrialArea(r.Country, r.City, r.Region, r.Available))
            .OrderBy(a => a.City, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Takes <paramref name="count"/> available numbers of the paid pool in the city for the
    /// tenant, each with the same compare-and-set as trial numbers. All or nothing: when the city has
    /// fewer left, the ones taken go back and the result is empty.</summary>
    public async Task<List<PhoneNumber>> ReservePaidNumbersAsync(Guid tenantId, string country, string city, int count, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = new List<int>();
        var skip = new HashSet<int>();
        while (taken.Count < count)
        {
            var candidates = await db.PhoneNumbers
                .Where(n => n.Pool == NumberPool.Paid && n.Status == NumberStatus.Available && n.Country == country && n.City == city
                    && (n.HeldUntilUtc == null || n.HeldUntilUtc <= now))
                .OrderBy(n => n.Id)
                .Select(n => n.Id)
                .Take(count + 8)
                .ToListAsync(ct);
            candidates.RemoveAll(skip.Contains);
            if (candidates.Count == 0)
            {
                await ReturnToPoolAsync(tenantId, taken, ct);
                return [];
            }
            var id = candidates[Random.Shared.Next(candidates.Count)];
            skip.Add(id);
            var updated = await db.PhoneNumbers
                .Where(n => n.Id == id && n.Status == NumberStatus.Available && (n.HeldUntilUtc == null || n.HeldUntilUtc <= now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, NumberStatus.Assigned)
                    .SetProperty(n => n.TenantId, tenantId)
                    .SetProperty(n => n.AssignedAtUtc, now), ct);
            if (updated == 1)
            {
                taken.Add(id);
            }
        }
        return await db.PhoneNumbers.AsNoTracking().Where(n => taken.Contains(n.Id)).OrderBy(n => n.E164).ToListAsync(ct);
    }

    /// <summary>Gives numbers just taken by <see cref="ReservePaidNumbersAsync"/> back (their purchase
    /// failed): straight to available, with no quarantine, since nobody ever called them as the tenant's.</summary>
    public Task<int> ReturnToPoolAsync(Guid tenantId, IReadOnlyCollection<int> numberIds, CancellationToken ct = default) =>
        db.PhoneNumbers
            .Where(n => numberIds.Contains(n.Id) && n.TenantId == tenantId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Status, NumberStatus.Available)
                .SetProperty(n => n.TenantId, (Guid?)null)
                .SetProperty(n => n.AssignedAtUtc, (DateTime?)null), ct);
}
