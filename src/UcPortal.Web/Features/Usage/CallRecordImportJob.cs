using UcPortal.Pbx;

namespace UcPortal.Web.Features.Usage;

/// <summary>Imports the SIP core's call records and rates them. Idempotent: a record is imported
/// once (unique source id) and only a newly imported record uses credit. Calls to and from the
/// phone network use trial credit, rounded up to the minute (a money credit: the rated cost of calls
/// out); calls between extensions and emergency calls are free. Calls out are classed by destination (DestinationClasses, from the tenant's
/// country) and priced from the rate table (longest prefix).
/// When a trial's credit reaches zero its outbound calls stop (the tenant is re-synced).</summary>
public sealed class CallRecordImportJob(
    PortalDbContext db, PortalUnitOfWork unitOfWork, ICallRecordSource source, Hangfire.JobStorage jobStorage, ILogger<CallRecordImportJob> log)
{
    public const int BatchSize = 500;
    private const string Cause = "job:call-record-import";

    // The import position lives in the job storage's key-value hash: losing it only means
    // re-reading records, which the unique source id turns into no-ops.
    private const string CursorHash = "ucportal:call-record-import";

    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(CancellationToken ct)
    {
        using var connection = jobStorage.GetConnection();
        var saved = connection.GetAllEntriesFromHash(CursorHash);
        var cursor = saved is not null && saved.TryGetValue("position", out var p) && long.TryParse(p, out var parsed) ? parsed : 0;

        // Read from the cursor to the end. Calls still in progress are skipped but keep the cursor
        // before them, so a long call delays nobody's usage and is imported when it ends.
        long? safe = null;
        var after = cursor;
        for (var batch = 0; batch < 200; batch++)
        {
            var page = await source.ReadAfterAsync(after, BatchSize, ct);
            if (page.LastScannedId is null)
            {
                break;
            }
            if (page.Records.Count > 0)
            {
                await ImportAsync(page.Records, ct);
            }
            if (safe is null && page.FirstUnfinishedId is { } unfinished)
            {
                safe = unfinished - 1;
            }
            after = page.LastScannedId.Value;
        }
        var next = safe ?? after;
        if (next != cursor)
        {
            connection.SetRangeInHash(CursorHash, [new KeyValuePair<string, string>("position", next.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }

    public async Task ImportAsync(IReadOnlyList<SipCallRecord> records, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var domains = records.Select(r => r.Domain.ToLowerInvariant()).Distinct().ToList();
        var tenants = await db.Tenants.Where(t => domains.Contains(t.SipDomain)).ToDictionaryAsync(t => t.SipDomain, ct);
        var ids = records.Select(r => r.SourceId).ToList();
        var known = (await db.CallRecords.Where(r => ids.Contains(r.SourceId)).Select(r => r.SourceId).ToListAsync(ct)).ToHashSet();
        var exhausted = new List<Tenant>();
        var rates = await CallRates.LoadAsync(db, ct);
        var rated = new HashSet<Guid>();

        foreach (var record in records.Where(r => !known.Contains(r.SourceId)))
        {
            if (!tenants.TryGetValue(record.Domain.ToLowerInvariant(), out var tenant))
            {
                log.LogWarning("Call record {SourceId} belongs to unknown domain {Domain}; skipped", record.SourceId, record.Domain);
                continue;
            }
            var direction = record.Direction switch
            {
                "inbound" => CallDirection.Inbound,
                "outbound" => CallDirection.Outbound,
                "emergency" => CallDirection.Emergency,
                _ => CallDirection.Internal,
            };
            var billed = direction is CallDirection.Internal or CallDirection.Emergency || record.DurationSeconds <= 0 ? 0 : (record.DurationSeconds + 59) / 60 * 60;
            // A call that reached the phone network from the tenant's side (out, or forwarded out) has a class and a price.
            var destinationClass = direction == CallDirection.Emergency ? DestinationClass.Emergency
                : record.ToNumber.StartsWith('+') || (record.ToNumber.Length >= 6 && record.ToNumber.All(char.IsAsciiDigit))
                    ? Pbx.Routing.DestinationClasses.Classify(record.ToNumber, tenant.Country)
                    : null;
            var rate = destinationClass is null or DestinationClass.Emergency || billed == 0 ? null : rates.Find(record.ToNumber);
            var cost = CallRates.Cost(rate, billed);
            db.CallRecords.Add(new CallRecord
            {
                TenantId = tenant.Id,
                SourceId = record.SourceId,
                CallId = Truncate(record.CallId, 255),
                Direction = direction,
                FromNumber = Truncate(record.FromNumber, 64),
                ToNumber = Truncate(record.ToNumber, 64),
                StartedAtUtc = DateTime.SpecifyKind(record.StartedAtUtc, DateTimeKind.Utc),
                DurationSeconds = Math.Max(0, record.DurationSeconds),
                BilledSeconds = billed,
                Disposition = Truncate(record.Disposition, 32),
                DestinationClass = destinationClass,
                RatePrefix = rate?.Prefix,
                CostMicros = cost,
            });
            // The funnel's "first call": the earliest call record of the tenant, whatever its kind.
            var started = DateTime.SpecifyKind(record.StartedAtUtc, DateTimeKind.Utc);
            if (tenant.FirstCallAtUtc is null || started < tenant.FirstCallAtUtc)
            {
                tenant.FirstCallAtUtc = started;
            }
            if (billed > 0 && direction == CallDirection.Outbound)
            {
                rated.Add(tenant.Id);
            }
            if (billed > 0 && tenant.Status == TenantStatus.Trial && UseCredit(tenant, direction, billed, cost))
            {
                exhausted.Add(tenant);
            }
        }
        foreach (var tenant in exhausted)
        {
            unitOfWork.AddEvent(tenant.Id, "credit-exhausted", "Trial credit used up: outbound calls stopped", Cause);
            unitOfWork.RecordPbxChange(tenant.Id, "Trial credit used up: outbound calls stopped", Cause);
            rated.Remove(tenant.Id);
        }
        // The SIP core holds calls to what the trial credit or today's spending cap still pays for: each
        // rated call to the phone network moves that balance (a sync rewrites it; no change of configuration).
        foreach (var tenantId in rated)
        {
            unitOfWork.Enqueue<Pbx.Sync.SipCoreSyncJob>(j => j.RunAsync(tenantId, CancellationToken.None));
        }
        await unitOfWork.CommitAsync(ct);
    }

    /// <summary>Takes a rated call from the trial's credit, of the kind its plan gave (decision 021): minutes are used
    /// by the billed minutes of calls to and from the phone network, money by the rated cost of calls to it.
    /// True when this call used the last of the credit.</summary>
    internal static bool UseCredit(Tenant tenant, CallDirection direction, int billedSeconds, long costMicros)
    {
        if (tenant.HasMoneyCredit)
        {
            if (direction != CallDirection.Outbound || costMicros <= 0)
            {
                return false;
            }
            var hadCredit = tenant.CreditMicrosLeft > 0;
            tenant.UsedCreditMicros += costMicros;
            return hadCredit && tenant.CreditMicrosLeft == 0;
        }
        var before = tenant.UsedCreditSeconds;
        tenant.UsedCreditSeconds += billedSeconds;
        return before < tenant.TrialCreditSeconds && tenant.UsedCreditSeconds >= tenant.TrialCreditSeconds;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
