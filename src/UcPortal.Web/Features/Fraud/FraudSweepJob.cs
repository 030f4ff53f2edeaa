using Microsoft.Extensions.Options;
using UcPortal.Pbx;
using UcPortal.Web.Features.CallLimits;

namespace UcPortal.Web.Features.Fraud;

/// <summary>Every minute: flags the tenants the SIP core blocked by itself (its fast signals: attempts per
/// minute, calls refused at the cap), then computes the slow signals from the last hour's rated calls
/// (share of very short calls, international minutes, spend) and flags the tenants over a rule. A tenant
/// with an open flag is not flagged again; a SIP-core block older than the tenant's last cleared flag is
/// what staff just cleared and is deleted instead.</summary>
public sealed class FraudSweepJob(
    PortalDbContext db, FraudFlags flags, ISipCoreFraudBlocks sipCoreBlocks,
    PortalUnitOfWork unitOfWork, IOptions<FraudOptions> options, TimeProvider clock, ILogger<FraudSweepJob> log)
{
    private const string Cause = "job:fraud-sweep";

    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task RunAsync(CancellationToken ct)
    {
        await FlagSipCoreBlocksAsync(ct);
        await FlagSlowSignalsAsync(ct);
    }

    public async Task FlagSipCoreBlocksAsync(CancellationToken ct)
    {
        var blocks = await sipCoreBlocks.ListAsync(ct);
        if (blocks.Count == 0)
        {
            return;
        }
        var domains = blocks.Select(b => b.Domain).ToList();
        var tenants = await db.Tenants.Where(t => domains.Contains(t.SipDomain)).ToDictionaryAsync(t => t.SipDomain, ct);
        var o = options.Value;
        foreach (var block in blocks)
        {
            if (!tenants.TryGetValue(block.Domain, out var tenant))
            {
                log.LogWarning("The SIP core blocked outbound calls of unknown domain {Domain}", block.Domain);
                continue;
            }
            var lastCleared = await db.FraudFlags.Where(f => f.TenantId == tenant.Id && f.ClearedAtUtc != null)
                .MaxAsync(f => f.ClearedAtUtc, ct);
            if (lastCleared is { } cleared && block.SinceUtc <= cleared)
            {
                await sipCoreBlocks.ClearAsync(block.Domain, ct);
                continue;
            }
            var detail = block.Rule == FraudRules.Capacity
                ? $"{block.Count} calls refused at the call limit within a minute (limit {o.CallCapRefusalsPerMinute})"
                : $"{block.Count} call attempts within a minute (limit {(tenant.Status == TenantStatus.Trial ? o.TrialAttemptsPerMinute : o.AttemptsPerMinute)})";
            var rule = block.Rule == FraudRules.Capacity ? FraudRules.Capacity : FraudRules.Attempts;
            if (await flags.RaiseAsync(tenant, rule, detail, "sip-core", ct))
            {
                await unitOfWork.CommitAsync(ct);
            }
        }
    }

    public async Task FlagSlowSignalsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var calls = await db.CallRecords.AsNoTracking()
            .Where(c => c.Direction == CallDirection.Outbound && c.StartedAtUtc >= since)
            .ToListAsync(ct);
        foreach (var byTenant in calls.GroupBy(c => c.TenantId))
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == byTenant.Key, ct);
            // Calls staff already looked at when they cleared the last flag do not count again.
            var lastCleared = await db.FraudFlags.Where(f => f.TenantId == tenant.Id && f.ClearedAtUtc != null).MaxAsync(f => f.ClearedAtUtc, ct);
            var counted = byTenant.Where(c => lastCleared is null || c.StartedAtUtc > lastCleared).ToList();
            if (counted.Count > 0 && Signal(tenant, counted, o) is { } crossed && await flags.RaiseAsync(tenant, crossed.Rule, crossed.Detail, Cause, ct))
            {
                await unitOfWork.CommitAsync(ct);
            }
        }
    }

    private (string Rule, string Detail)? Signal(Tenant tenant, List<CallRecord> calls, FraudOptions o)
    {
        var answered = calls.Where(c => c.DurationSeconds > 0).ToList();
        var shortCalls = answered.Count(c => c.DurationSeconds < o.ShortCallSeconds);
        if (o.ShortCallMinCalls > 0 && answered.Count >= o.ShortCallMinCalls && o.ShortCallShare > 0 && shortCalls >= o.ShortCallShare * answered.Count)
        {
            return (FraudRules.ShortCalls, $"{shortCalls} of {answered.Count} calls in the last hour lasted under {o.ShortCallSeconds} seconds");
        }
        // The class the import gave the call (decision 016): for a +1 tenant the Caribbean is international too.
        var internationalMinutes = calls.Where(c => c.DestinationClass is DestinationClass.International or DestinationClass.Satellite or DestinationClass.PremiumRate)
            .Sum(c => c.BilledSeconds) / 60;
        if (o.InternationalMinutesPerHour > 0 && internationalMinutes > o.InternationalMinutesPerHour)
        {
            return (FraudRules.InternationalMinutes, $"{internationalMinutes} international minutes in the last hour (limit {o.InternationalMinutesPerHour})");
        }
        var spent = OutboundCallPricing.SpentCents(calls);
        if (o.SpendPerHourCents > 0 && spent > o.SpendPerHourCents)
        {
            return (FraudRules.Spend, $"{spent / 100m:0.00} spent on calls in the last hour (limit {o.SpendPerHourCents / 100m:0.00})");
        }
        return null;
    }
}
