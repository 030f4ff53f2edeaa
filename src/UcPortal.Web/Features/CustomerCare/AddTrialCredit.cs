namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Staff add call credit to a trial (today in minutes; the one place to extend when credit
/// becomes money). The SIP core is told, because a trial whose credit ran out may call out again.</summary>
public sealed class AddTrialCredit(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public const int MaxMinutes = 600;

    public async Task<FormResult> RunAsync(Guid tenantId, int minutes, string? reason, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        if (minutes is < 1 or > MaxMinutes)
        {
            return FormResult.Refused("minutes", $"Nothing changed: add 1 to {MaxMinutes} minutes.");
        }
        if (!tenant.IsTrialOrExpiredTrial)
        {
            return FormResult.Refused("", $"Nothing changed: trial credit is for trials, and the account is {tenant.Status.ToString().ToLowerInvariant()}.");
        }
        var why = StaffText.Reason(reason);
        tenant.TrialCreditSeconds += minutes * 60;
        var message = $"Trial credit added: {minutes} min ({tenant.CreditMinutesLeft} of {tenant.TrialCreditSeconds / 60} min left now).";
        unitOfWork.AddEvent(tenant.Id, "credit", $"{why}: {message}", cause);
        unitOfWork.RecordPbxChange(tenant.Id, $"Trial credit: +{minutes} min", cause);
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
