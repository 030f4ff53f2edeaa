using UcPortal.Web.Features.Trials;

namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Staff add call credit to a trial, of the kind the trial has (decision 021): minutes, or money
/// for a trial whose plan gives money. The SIP core is told, because a trial whose credit ran out may call out again.</summary>
public sealed class AddTrialCredit(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public const int MaxMinutes = 600;
    public const int MaxCents = 50_00;

    /// <summary><paramref name="minutes"/> for a minutes trial, <paramref name="amount"/> (in the plan's
    /// currency, e.g. 2.50) for a money trial; the other one is ignored.</summary>
    public async Task<FormResult> RunAsync(Guid tenantId, int? minutes, decimal? amount, string? reason, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.Include(t => t.Plan).SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        if (!tenant.IsTrialOrExpiredTrial)
        {
            return FormResult.Refused("", $"Nothing changed: trial credit is for trials, and the account is {tenant.Status.ToString().ToLowerInvariant()}.");
        }
        var currency = tenant.Plan?.Currency ?? "usd";
        string added;
        if (tenant.HasMoneyCredit)
        {
            var cents = amount is null ? 0 : (long)Math.Round(amount.Value * 100m, MidpointRounding.AwayFromZero);
            if (cents < 1 || cents > MaxCents)
            {
                return FormResult.Refused("amount", $"Nothing changed: add {TrialCredit.Money2(1, currency)} to {TrialCredit.Money2(MaxCents, currency)}.");
            }
            tenant.TrialCreditCents += (int)cents;
            added = TrialCredit.Money2(cents, currency);
        }
        else
        {
            if (minutes is null or < 1 or > MaxMinutes)
            {
                return FormResult.Refused("minutes", $"Nothing changed: add 1 to {MaxMinutes} minutes.");
            }
            tenant.TrialCreditSeconds += minutes.Value * 60;
            added = $"{minutes} min";
        }
        var why = StaffText.Reason(reason);
        var message = $"Trial credit added: {added} ({TrialCredit.LeftOfTotal(tenant, currency)} now).";
        unitOfWork.AddEvent(tenant.Id, "credit", $"{why}: {message}", cause);
        unitOfWork.RecordPbxChange(tenant.Id, $"Trial credit: +{added}", cause);
        audit.Record(AuditActions.TenantAddTrialCredit, tenant.Id, tenant.Name, $"Reason: {why}. {message}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(message);
    }
}

internal static class StaffText
{
    public static string Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Staff decision" : reason.Trim()[..Math.Min(reason.Trim().Length, 200)];
}
