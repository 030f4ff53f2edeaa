using Hangfire;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Trials;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>Emails a trial's owner 3 days and 1 day before the trial ends and once when less than
/// 20 % of the trial credit is left (LifecycleOptions). Each email goes once: its outbox dedup key
/// names the tenant, the trial's end and the reminder, so an extended trial is reminded again for
/// its new end but a second run sends nothing.</summary>
public sealed class TrialReminderJob(
    PortalDbContext db, PortalUnitOfWork unitOfWork, EmailTemplates templates, PortalLinks links,
    TimeProvider clock, IOptions<LifecycleOptions> options, ILogger<TrialReminderJob> log)
{
    public const string Id = "trial-reminders";
    public const string Cause = "job:" + Id;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var daysBefore = o.TrialReminderDaysBefore.Where(d => d > 0).Distinct().OrderByDescending(d => d).ToArray();
        var horizon = now.AddDays(daysBefore.DefaultIfEmpty(0).Max());
        var percent = o.TrialCreditReminderPercent;
        var upgrade = links.To("/billing/upgrade");
        var sent = 0;

        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => t.Status == TenantStatus.Trial && t.TrialExpiresAtUtc > now &&
                 (t.TrialExpiresAtUtc <= horizon ||
                  (t.TrialCreditSeconds > 0 && (t.TrialCreditSeconds - t.UsedCreditSeconds) * 100 < t.TrialCreditSeconds * percent) ||
                  (t.TrialCreditCents > 0 && (t.TrialCreditCents * 10_000L - t.UsedCreditMicros) * 100 < t.TrialCreditCents * 10_000L * percent)),
            o.BatchSize, ct))
        {
            // The batch's owners and the emails it may send, in two queries instead of two per email (decision 038).
            await unitOfWork.PrepareEmailsAsync(batch.Select(t => t.Id).ToList(),
                batch.SelectMany(t => new[] { DueReminder(t, now, daysBefore) is { } d ? ReminderKey(t, d) : null, CreditLow(t, percent) is null ? null : CreditLowKey(t) })
                    .OfType<string>(), ct);
            foreach (var tenant in batch)
            {
                var ends = tenant.TrialExpiresAtUtc!.Value;
                if (DueReminder(tenant, now, daysBefore) is { } day)
                {
                    var left = Math.Max(1, tenant.TrialDaysLeft(now)!.Value);
                    if (await unitOfWork.EmailOwnerAsync(tenant, (name, company) => templates.TrialEndsSoon(name, company, left, ends, upgrade),
                            ReminderKey(tenant, day), ct))
                    {
                        unitOfWork.AddEvent(tenant.Id, "email", $"Reminder emailed: the trial ends {ends:yyyy-MM-dd HH:mm} UTC ({day}-day reminder)", Cause);
                        sent++;
                    }
                }

                if (CreditLow(tenant, percent) is { } credit)
                {
                    if (await unitOfWork.EmailOwnerAsync(tenant, (name, company) => templates.TrialCreditLow(name, company, credit.UsedUp, credit.Left, credit.Total, upgrade),
                            CreditLowKey(tenant), ct))
                    {
                        unitOfWork.AddEvent(tenant.Id, "email", $"Reminder emailed: trial credit low, {TrialCredit.LeftOfTotal(tenant, tenant.Plan?.Currency ?? "USD")}", Cause);
                        sent++;
                    }
                }
            }
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Trial reminders: {Sent} emailed", sent);
    }

    /// <summary>Only the most recent reminder due: a run that missed the 3-day one sends the 1-day one, not both.</summary>
    private static int? DueReminder(Tenant tenant, DateTime now, int[] daysBeforeDescending)
    {
        var ends = tenant.TrialExpiresAtUtc!.Value;
        int? due = null;
        foreach (var d in daysBeforeDescending)
        {
            if (now >= ends.AddDays(-d))
            {
                due = d;
            }
        }
        return due;
    }

    private static string ReminderKey(Tenant tenant, int day) => $"trial-reminder:{tenant.Id:N}:{tenant.TrialExpiresAtUtc!.Value:yyyyMMddHHmmss}:{day}d";

    private static string CreditLowKey(Tenant tenant) => $"trial-credit-low:{tenant.Id:N}";

    /// <summary>The credit, of the tenant's kind, when less than <paramref name="percent"/> % of it is left.</summary>
    private static (bool UsedUp, string Left, string Total)? CreditLow(Tenant tenant, int percent)
    {
        if (tenant.HasMoneyCredit)
        {
            var total = tenant.TrialCreditCents * 10_000L;
            var currency = tenant.Plan?.Currency ?? "USD";
            return tenant.CreditMicrosLeft * 100 < total * percent
                ? (tenant.CreditMicrosLeft == 0, TrialCredit.Money2(tenant.CreditCentsLeft, currency), TrialCredit.Money2(tenant.TrialCreditCents, currency))
                : null;
        }
        var left = tenant.CreditSecondsLeft;
        return tenant.TrialCreditSeconds > 0 && left * 100L < tenant.TrialCreditSeconds * (long)percent
            ? (left / 60 == 0, $"{left / 60} minutes", $"{tenant.TrialCreditSeconds / 60} minutes")
            : null;
    }
}
