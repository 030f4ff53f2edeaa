namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>Staff allow or withdraw premium-rate and satellite destinations for one tenant (no plan
/// includes them: they are the toll-fraud routes). Recorded in the tenant's history with the staff
/// member as cause, and synced to the SIP core (t:&lt;domain&gt;:premium).</summary>
public sealed class PremiumDestinationPermission(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> SetAsync(Guid tenantId, bool allow, string? reason, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        var why = reason?.Trim() ?? "";
        if (allow && why.Length == 0)
        {
            return FormResult.Refused("reason", "Say why this customer may call premium-rate and satellite numbers (kept in the history).");
        }
        if (why.Length > 200)
        {
            return FormResult.Refused("reason", "Keep the reason to 200 characters.");
        }
        if (tenant.PremiumDestinationsAllowed == allow)
        {
            return FormResult.Refused("", $"Nothing changed: premium-rate and satellite destinations are already {(allow ? "allowed" : "refused")}.");
        }
        tenant.PremiumDestinationsAllowed = allow;
        var message = allow
            ? $"Premium-rate and satellite destinations allowed: {why}"
            : "Premium-rate and satellite destinations refused again" + (why.Length > 0 ? $": {why}" : "");
        unitOfWork.AddEvent(tenant.Id, "destinations", message, cause);
        unitOfWork.RecordPbxChange(tenant.Id, message, cause);
        audit.Record(AuditActions.TenantPremiumDestinations, tenant.Id, tenant.Name, message);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(allow
            ? "Premium-rate and satellite destinations allowed" + (tenant.Status == TenantStatus.Trial ? " (from the upgrade on: a trial never calls them)." : ".")
            : "Premium-rate and satellite destinations refused.");
    }
}
