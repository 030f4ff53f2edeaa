using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Sends one of the tenant's emails again, as it was (same address, subject and body), as a
/// new outbox row: the original keeps its own delivery record.</summary>
public sealed class ResendEmail(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> RunAsync(Guid tenantId, Guid emailId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        var email = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync(e => e.Id == emailId && e.TenantId == tenantId, ct);
        if (tenant is null || email is null)
        {
            return FormResult.Missing();
        }
        // A double click within the minute sends once.
        var dedupKey = $"resend:{email.Id:N}:{unitOfWork.Now:yyyyMMddHHmm}";
        var staged = await unitOfWork.EmailAsync(new ComposedEmail(email.Template, email.Subject, email.HtmlBody, email.TextBody),
            email.ToAddress, email.ToName, dedupKey, tenantId, ct);
        if (!staged)
        {
            return FormResult.Refused("", "Nothing changed: this email was resent less than a minute ago.");
        }
        audit.Record(AuditActions.TenantEmailResent, tenantId, tenant.Name, $"“{email.Subject}” ({email.Template}) to {email.ToAddress}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"Email “{email.Subject}” queued again for {email.ToAddress}.");
    }
}
