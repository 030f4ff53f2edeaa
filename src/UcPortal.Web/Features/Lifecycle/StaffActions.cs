namespace UcPortal.Web.Features.Lifecycle;

/// <summary>What support staff may do to a tenant's service from its page (/admin/tenants/{id}), with
/// "staff:&lt;email&gt;" as the cause. Staff suspend a tenant in service and resume only their own
/// suspensions: automatic ones end with what caused them (a payment, an upgrade, a longer trial), and
/// resuming one by hand would be undone by the next run of the job that made it. Each answer is the
/// message for the page; "Nothing changed: …" when the tenant is not in a state for it. Each change
/// writes one audit line (<see cref="StaffAudit"/>) in its commit.</summary>
public sealed class StaffActions(PortalDbContext db, TenantLifecycle lifecycle, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public const int MaxTrialExtensionDays = 60;

    public static bool CanSuspend(Tenant t) => t.Status is TenantStatus.Trial or TenantStatus.Active or TenantStatus.PastDue;

    public static bool CanResume(Tenant t) => t is { Status: TenantStatus.Suspended, SuspensionReason: SuspensionReason.Staff };

    public static bool CanExtendTrial(Tenant t) => t.IsTrialOrExpiredTrial;

    public Task<FormResult> SuspendAsync(Guid tenantId, string? reason, string cause, CancellationToken ct)
    {
        // The history line reads "<reason>: suspended, …", its cause names the staff member.
        var why = string.IsNullOrWhiteSpace(reason) ? "Staff decision" : reason.Trim()[..Math.Min(reason.Trim().Length, 200)];
        return ChangeAsync(tenantId, AuditActions.TenantSuspend, ct, tenant => Suspend(tenant, why, cause), $"Reason: {why}.");
    }

    private Task<FormResult> Suspend(Tenant tenant, string why, string cause)
    {
        if (!CanSuspend(tenant))
        {
            return Task.FromResult(Unchanged($"the account is {Describe(tenant)}."));
        }
        lifecycle.Suspend(tenant, SuspensionReason.Staff, why, cause);
        return Task.FromResult(FormResult.Ok("Suspended: calls and registrations are refused, the configuration is kept."));
    }

    public Task<FormResult> ResumeAsync(Guid tenantId, string cause, CancellationToken ct) => ChangeAsync(tenantId, AuditActions.TenantResume, ct, async tenant =>
    {
        if (!CanResume(tenant))
        {
            return Unchanged($"only a staff suspension can be resumed here, and the account is {Describe(tenant)}.");
        }
        await lifecycle.ResumeAsync(tenant, "Resumed by staff", cause, ct);
        return FormResult.Ok($"Resumed: the account is {Describe(tenant)} again.");
    });

    /// <param name="currentEndTicks">The trial end the page showed: a double submit, or a colleague's
    /// extension meanwhile, finds another end and changes nothing.</param>
    public Task<FormResult> ExtendTrialAsync(Guid tenantId, int days, long? currentEndTicks, string cause, CancellationToken ct) => ChangeAsync(tenantId, AuditActions.TenantExtendTrial, ct, async tenant =>
    {
        if (days is < 1 or > MaxTrialExtensionDays)
        {
            return Unchanged($"extend by 1 to {MaxTrialExtensionDays} days.");
        }
        if (tenant.TrialExpiresAtUtc?.Ticks != currentEndTicks)
        {
            return Unchanged($"the trial end was changed meanwhile (it is now {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC). Check it and try again.");
        }
        if (!await lifecycle.ExtendTrialAsync(tenant, days, cause, ct))
        {
            return Unchanged($"the account is {Describe(tenant)}, not a trial.");
        }
        return FormResult.Ok($"Trial extended: it now ends {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC.");
    });

    private async Task<FormResult> ChangeAsync(Guid tenantId, string action, CancellationToken ct, Func<Tenant, Task<FormResult>> change, string? detail = null)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        var result = await change(tenant);
        if (result.Succeeded)
        {
            audit.Record(action, tenant.Id, tenant.Name, detail is null ? result.Message : detail + " " + result.Message);
            await unitOfWork.CommitAsync(ct);
        }
        return result;
    }

    private static FormResult Unchanged(string why) => FormResult.Refused("", "Nothing changed: " + why);

    private static string Describe(Tenant t) => t.Status == TenantStatus.Suspended
        ? $"suspended ({t.SuspensionReason})"
        : t.Status.ToString().ToLowerInvariant();
}
