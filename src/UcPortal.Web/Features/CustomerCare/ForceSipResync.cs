namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Writes the tenant's whole configuration to the SIP core again (after a repair of the SIP
/// core's database, or a sync that gave up): a numbered change like any other, so the sync job, its
/// retries and the customer's Changes page all see it.</summary>
public sealed class ForceSipResync(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> RunAsync(Guid tenantId, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        if (tenant.Status is TenantStatus.Purged)
        {
            return FormResult.Refused("", "Nothing changed: a purged account has no configuration to sync.");
        }
        unitOfWork.RecordPbxChange(tenantId, "Full resync to the SIP core requested by staff", cause);
        audit.Record(AuditActions.TenantSipResync, tenantId, tenant.Name, "Full resync queued.");
        var saved = await unitOfWork.CommitFormAsync("", "The resync could not be queued. Please try again.", ct);
        if (!saved.Succeeded)
        {
            return saved;
        }
        var version = await db.TenantSyncStates.Where(s => s.TenantId == tenantId).Select(s => s.DesiredVersion).SingleAsync(ct);
        return FormResult.Ok($"Resync queued: version {version} of the configuration will be written to the SIP core.");
    }
}
