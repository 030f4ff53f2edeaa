using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Pbx;

namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Staff reset an extension's SIP password (a leaked password, a phone that registers from
/// abroad). A new random password (crypto RNG) and HA1 reach the SIP core by the normal sync; staff
/// never see the password, the customer is emailed a link to reveal it in the portal.</summary>
public sealed class ResetSipPassword(PortalDbContext db, SipCredentialFactory credentials, PortalUnitOfWork unitOfWork, StaffAudit audit, EmailTemplates templates, PortalLinks links)
{
    public async Task<FormResult> RunAsync(Guid tenantId, Guid extensionId, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        var extension = await db.Extensions.SingleOrDefaultAsync(e => e.Id == extensionId && e.TenantId == tenantId, ct);
        if (tenant is null || extension is null)
        {
            return FormResult.Missing();
        }
        var password = SipCredentialFactory.NewPassword();
        extension.SipPasswordProtected = credentials.Protect(password);
        extension.Ha1 = SipCredentialFactory.Ha1(extension.SipUsername, tenant.SipDomain, password);
        unitOfWork.RecordPbxChange(tenant.Id, $"Extension {extension.Number}: SIP password reset by staff", cause);

        // The extension's own person if it has an address, else the owner.
        var link = links.To($"/pbx/extensions/{extension.Id}");
        var owner = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId && u.TenantRole == TenantRole.Owner)
            .Select(u => new { u.Email, u.FullName, u.Culture }).FirstOrDefaultAsync(ct);
        var (to, name) = extension.Email is { } own ? (own, extension.Name) : (owner?.Email, owner?.FullName ?? "");
        if (to is not null)
        {
            await unitOfWork.EmailAsync(templates.In(owner?.Culture, t => t.SipPasswordResetByStaff(name, tenant.Name, extension.Number, link)), to, name, null, tenantId, ct);
        }
        var told = to is null ? "nobody could be emailed (no address)" : $"{to} was emailed";
        audit.Record(AuditActions.TenantSipPasswordReset, tenantId, tenant.Name, $"Extension {extension.Number} ({extension.SipUsername}); {told}.");
        var saved = await unitOfWork.CommitFormAsync("", "The password could not be reset. Please try again.", ct);
        return saved.Succeeded
            ? FormResult.Ok($"SIP password of extension {extension.Number} reset: phones using the old one stop registering once the SIP core has the change; {told}.")
            : saved;
    }
}
