using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The state machine of a tenant's service (docs/decisions/011-lifecycle-ladder.md): trial,
/// active, past due, suspended, released, purged. The one place where the service state changes:
/// billing (TenantBilling), the lifecycle jobs and staff actions all call it. Each method stages its
/// change (state, history line with its cause, emails, SIP-core sync) in the caller's
/// <see cref="PortalUnitOfWork"/> and is idempotent: calling it again for a tenant already in that
/// state changes nothing. The caller commits the unit of work.</summary>
public sealed class TenantLifecycle(
    PortalDbContext db,
    PortalUnitOfWork unitOfWork,
    NumberQuarantine quarantine,
    EmailTemplates templates,
    PortalLinks links,
    SuspensionLadder ladder,
    TrialFeedback.TrialExitLinks exitLinks)
{
    private DateTime Now => unitOfWork.Now;

    /// <summary>Paid and in good standing (an upgrade, a payment that ends dunning): service on, dunning over.</summary>
    public void Activate(Tenant tenant, string message, string cause)
    {
        tenant.Status = TenantStatus.Active;
        tenant.PastDueSinceUtc = null;
        tenant.SuspendedAtUtc = null;
        tenant.SuspensionReason = SuspensionReason.None;
        unitOfWork.AddEvent(tenant.Id, "lifecycle", message, cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>A payment failed: an active tenant becomes past due (service continues) and dunning
    /// counts from now. Returns true when it changed.</summary>
    public bool MarkPastDue(Tenant tenant, string message, string cause)
    {
        if (tenant.Status != TenantStatus.Active)
        {
            return false;
        }
        tenant.Status = TenantStatus.PastDue;
        tenant.PastDueSinceUtc ??= Now;
        unitOfWork.AddEvent(tenant.Id, "lifecycle", message, cause);
        return true;
    }

    /// <summary>Calls and registrations refused, configuration kept. Idempotent.</summary>
    public void Suspend(Tenant tenant, SuspensionReason reason, string why, string cause)
    {
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            return;
        }
        if (tenant.Status == TenantStatus.Suspended)
        {
            if (tenant.SuspensionReason == reason)
            {
                return;
            }
            // The ladder continues from the new reason (e.g. unpaid → cancelled). The suspension date
            // moves to now: the grace period before release counts from the cancellation, not from
            // the first suspension (otherwise a tenant cancelled on dunning day 14 after a day-7
            // suspension would be released the same night, with no grace at all).
            tenant.SuspensionReason = reason;
            tenant.SuspendedAtUtc = Now;
            unitOfWork.AddEvent(tenant.Id, "lifecycle", $"{why}: still suspended ({reason})", cause);
            return;
        }
        tenant.Status = TenantStatus.Suspended;
        tenant.SuspensionReason = reason;
        tenant.SuspendedAtUtc = Now;
        unitOfWork.AddEvent(tenant.Id, "lifecycle", $"{why}: suspended, calls and registrations refused, configuration kept", cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>Undoes a suspension (staff, or a trial extended): back to Trial or Active.</summary>
    public async Task ResumeAsync(Tenant tenant, string why, string cause, CancellationToken ct)
    {
        if (tenant.Status != TenantStatus.Suspended)
        {
            return;
        }
        var isTrialPlan = await db.Plans.Where(p => p.Id == tenant.PlanId).Select(p => p.IsTrial).SingleAsync(ct);
        tenant.Status = isTrialPlan ? TenantStatus.Trial : tenant.PastDueSinceUtc is null ? TenantStatus.Active : TenantStatus.PastDue;
        tenant.SuspensionReason = SuspensionReason.None;
        tenant.SuspendedAtUtc = null;
        unitOfWork.AddEvent(tenant.Id, "lifecycle", $"{why}: service resumed", cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>Moves a trial's end <paramref name="days"/> days later (from now when it already
    /// passed) and resumes a trial suspended because it expired. Returns false, changing nothing,
    /// when the tenant is not a trial.</summary>
    public async Task<bool> ExtendTrialAsync(Tenant tenant, int days, string cause, CancellationToken ct)
    {
        var expiredTrial = tenant.IsExpiredTrial;
        if (days <= 0 || !tenant.IsTrialOrExpiredTrial)
        {
            return false;
        }
        var from = tenant.TrialExpiresAtUtc is { } end && end > Now ? end : Now;
        tenant.TrialExpiresAtUtc = from.AddDays(days);
        unitOfWork.AddEvent(tenant.Id, "lifecycle", $"Trial extended by {days} day(s): it now ends {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC", cause);
        if (expiredTrial)
        {
            await ResumeAsync(tenant, "Trial extended", cause, ct);
        }
        return true;
    }

    /// <summary>The end of the ladder: SIP credentials removed from the SIP core, numbers to
    /// quarantine. The configuration stays in the portal until the retention period ends.</summary>
    /// <param name="numbers">The tenant's numbers, tracked, when the caller read a batch's at once
    /// (decision 038); null reads them here.</param>
    public async Task ReleaseAsync(Tenant tenant, string why, string cause, CancellationToken ct, IReadOnlyList<PhoneNumber>? numbers = null)
    {
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            return;
        }
        numbers ??= await db.PhoneNumbers.Where(n => n.TenantId == tenant.Id).OrderBy(n => n.Id).ToListAsync(ct);
        var quarantineUntil = quarantine.Quarantine(numbers);
        tenant.Status = TenantStatus.Released;
        tenant.ReleasedAtUtc = Now;
        unitOfWork.AddEvent(tenant.Id, "lifecycle",
            $"{why}: released; SIP credentials removed, {numbers.Count} number(s) in quarantine until {quarantineUntil:yyyy-MM-dd}" +
            (numbers.Count > 0 ? $" ({string.Join(", ", numbers.Select(n => n.E164))})" : ""), cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>Released and its retention over: the purge deleted its configuration; history and invoices stay.</summary>
    public void MarkPurged(Tenant tenant, string cause)
    {
        tenant.Status = TenantStatus.Purged;
        tenant.PurgedAtUtc = Now;
        unitOfWork.AddEvent(tenant.Id, "lifecycle", $"Retention period over: PBX configuration deleted (released {tenant.ReleasedAtUtc:yyyy-MM-dd}); history and invoices kept", cause);
    }

    /// <summary>Stages the email that tells the owner the service is suspended and why, once per suspension step.</summary>
    public async Task<bool> EmailSuspendedAsync(Tenant tenant, CancellationToken ct)
    {
        if (tenant.Status != TenantStatus.Suspended || tenant.SuspendedAtUtc is not { } at)
        {
            return false;
        }
        var releaseOn = ladder.ReleasesOn(at);
        var upgrade = links.To("/billing/upgrade");
        // Unpaid (the dunning email of that day says it) and staff suspensions have no email of their own.
        Func<string, string, ComposedEmail>? compose = tenant.SuspensionReason switch
        {
            SuspensionReason.TrialExpired => (name, company) => templates.TrialExpired(name, company, releaseOn, upgrade, exitLinks.ForEmail(tenant.Id)),
            SuspensionReason.Cancelled => (name, company) => templates.SubscriptionEnded(name, company, releaseOn, upgrade),
            _ => null,
        };
        return compose is not null &&
               await unitOfWork.EmailOwnerAsync(tenant, compose, SuspendedEmailKey(tenant.Id, tenant.SuspensionReason, at), ct);
    }

    /// <summary>The dedup key of the suspension email of one suspension step.</summary>
    public static string SuspendedEmailKey(Guid tenantId, SuspensionReason reason, DateTime suspendedAtUtc) =>
        $"suspended:{tenantId:N}:{reason}:{suspendedAtUtc:yyyyMMddHHmmss}";
}
