using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>Walks the tenants a sweep must look at, a batch at a time in primary-key order (keyset
/// pagination: each batch starts after the last id of the one before, so a tenant the sweep leaves
/// unchanged is never read twice and nothing is skipped when others leave the filter). The change
/// tracker is cleared before each batch, so a sweep over 100,000 tenants holds one batch in memory:
/// save the batch's changes before asking for the next.</summary>
public static class TenantBatches
{
    public static async IAsyncEnumerable<List<Tenant>> ReadAsync(
        PortalDbContext db, Expression<Func<Tenant, bool>> filter, int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var size = Math.Max(1, batchSize);
        Guid? after = null;
        while (true)
        {
            db.ChangeTracker.Clear();
            var query = db.Tenants.Where(filter);
            if (after is { } last)
            {
                // Guid has no < operator; EF Core translates CompareTo into a plain comparison
                // (uuid order on PostgreSQL, text order on SQLite: the same order as ORDER BY Id).
                query = query.Where(t => t.Id.CompareTo(last) > 0);
            }
            var batch = await query.OrderBy(t => t.Id).Take(size).ToListAsync(ct);
            if (batch.Count == 0)
            {
                yield break;
            }
            yield return batch;
            if (batch.Count < size)
            {
                yield break;
            }
            after = batch[^1].Id;
        }
    }
}
