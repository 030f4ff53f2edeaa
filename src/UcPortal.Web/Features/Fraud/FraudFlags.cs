using UcPortal.Pbx;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Fraud;

/// <summary>Flags a tenant for a fraud signal and clears the flag. A flag blocks the tenant's calls to the
/// phone network on the SIP core (a PBX change: <c>t:&lt;domain&gt;:blocked</c>) while inbound, internal
/// and emergency calls go on; it is written to the tenant's history and staff are emailed. Only staff
/// clear it, which lifts the block (and the SIP core's own block and counts) at once.</summary>
public sealed class FraudFlags(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAlerts staffAlerts, PortalLinks links,
    ISipCoreFraudBlocks sipCoreBlocks, StaffAudit audit)
{
    /// <summary>Stages a flag unless the tenant has an open one (then false). The caller commits.</summary>
    public async Task<bool> RaiseAsync(Tenant tenant, string rule, string detail, string cause, CancellationToken ct)
    {
        if (await db.FraudFlags.AnyAsync(f => f.TenantId == tenant.Id && f.ClearedAtUtc == null, ct)
            || db.FraudFlags.Local.Any(f => f.TenantId == tenant.Id && f.ClearedAtUtc == null))
        {
            return false;
        }
        var flag = new FraudFlag { TenantId = tenant.Id, Rule = rule, Detail = Cut(detail, 300), RaisedAtUtc = unitOfWork.Now };
        db.FraudFlags.Add(flag);
        var words = $"Flagged for fraud ({FraudRules.Title(rule)}): {flag.Detail}. Outbound calls blocked until staff clear the flag";
        unitOfWork.AddEvent(tenant.Id, "fraud-flag", words, cause);
        unitOfWork.RecordPbxChange(tenant.Id, "Outbound calls blocked: fraud flag", cause);
        await staffAlerts.AddAsync($"fraud-flag:{tenant.Id}:{flag.RaisedAtUtc.Ticks}",
            $"Fraud flag: {tenant.Name} — outbound calls blocked",
            $"{tenant.Name} crossed the fraud rule \"{FraudRules.Title(rule)}\". Its outbound calls are blocked on the SIP core; inbound and emergency calls still work. Check the calls, talk to the customer, then clear the flag on the tenant's page.",
            [("Tenant", tenant.Name), ("SIP domain", tenant.SipDomain), ("Rule", rule), ("Seen", flag.Detail), ("Status", tenant.Status.ToString())],
            links.To($"/admin/tenants/{tenant.Id}"), ct);
        return true;
    }

    /// <summary>Staff clear the tenant's open flag: outbound calls work again within seconds.</summary>
    public async Task<FormResult> ClearAsync(Guid tenantId, string? note, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        var flag = await db.FraudFlags.Where(f => f.TenantId == tenantId && f.ClearedAtUtc == null).OrderBy(f => f.Id).FirstOrDefaultAsync(ct);
        if (flag is null)
        {
            return FormResult.Refused("", "This customer has no open fraud flag.");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : Cut(note.Trim(), 300);
        // The SIP core's own block goes first: were it left, the next sweep would flag the tenant again.
        await sipCoreBlocks.ClearAsync(tenant.SipDomain, ct);
        flag.ClearedAtUtc = unitOfWork.Now;
        flag.ClearedBy = cause;
        flag.ClearNote = note;
        unitOfWork.AddEvent(tenant.Id, "fraud-clear", $"Fraud flag cleared ({FraudRules.Title(flag.Rule)}){(note is null ? "" : ": " + note)}. Outbound calls allowed again", cause);
        unitOfWork.RecordPbxChange(tenant.Id, "Outbound calls allowed again: fraud flag cleared", cause);
        audit.Record(AuditActions.TenantFraudFlagCleared, tenant.Id, tenant.Name, $"{FraudRules.Title(flag.Rule)}: {flag.Detail}{(note is null ? "" : " — " + note)}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok("Fraud flag cleared: outbound calls are allowed again.");
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
