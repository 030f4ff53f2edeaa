using Hangfire;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Numbers;

/// <summary>Returns quarantined numbers whose quarantine is over to the available stock of their
/// pool. What the former owner still held on a number (its inbound route, caller-ID use) is removed
/// first: the next owner starts from a clean number.</summary>
public sealed class NumberQuarantineJob(PortalDbContext db, TimeProvider clock, IOptions<QuarantineOptions> options, ILogger<NumberQuarantineJob> log)
{
    public const string Id = "number-quarantine-end";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var size = Math.Max(1, options.Value.BatchSize);
        var after = 0;
        var returned = 0;
        while (true)
        {
            var ids = await db.PhoneNumbers
                .Where(n => n.Status == NumberStatus.Quarantined && n.QuarantinedUntilUtc <= now && n.Id > after)
                .OrderBy(n => n.Id)
                .Select(n => n.Id)
                .Take(size)
                .ToListAsync(ct);
            if (ids.Count == 0)
            {
                break;
            }
            after = ids[^1];
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.NumberRoutes.Where(r => ids.Contains(r.PhoneNumberId)).ExecuteDeleteAsync(ct);
            await db.Extensions.Where(e => e.CallerIdNumberId != null && ids.Contains(e.CallerIdNumberId.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.CallerIdNumberId, (int?)null), ct);
            returned += await db.PhoneNumbers.Where(n => ids.Contains(n.Id) && n.Status == NumberStatus.Quarantined)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, NumberStatus.Available)
                    .SetProperty(n => n.QuarantinedUntilUtc, (DateTime?)null)
                    .SetProperty(n => n.TenantId, (Guid?)null)
                    .SetProperty(n => n.AssignedAtUtc, (DateTime?)null), ct);
            await tx.CommitAsync(ct);
            if (ids.Count < size)
            {
                break;
            }
        }
        log.LogInformation("Quarantine end: {Count} number(s) back in their pool", returned);
    }
}
