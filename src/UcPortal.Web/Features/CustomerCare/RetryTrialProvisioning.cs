using UcPortal.Web.Features.Trials;

namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Staff start the set-up of a trial again after every automatic attempt failed (once the
/// cause is fixed): a new round of attempts, counted from one.</summary>
public sealed class RetryTrialProvisioning(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> RunAsync(Guid signupId, CancellationToken ct)
    {
        var signup = await db.TrialSignups.SingleOrDefaultAsync(s => s.Id == signupId, ct);
        if (signup is null)
        {
            return FormResult.Missing();
        }
        if (signup.Status != TrialSignupStatus.ProvisioningFailed)
        {
            return FormResult.Refused("", $"Nothing changed: the signup is {signup.Status}, not failed.");
        }
        var previous = signup.StatusDetail;
        signup.Status = TrialSignupStatus.Provisioning;
        signup.ProvisioningAttempts = 0;
        signup.StatusDetail = "Retried by staff";
        audit.Record(AuditActions.TrialProvisioningRetried, signup.Id, signup.Company, $"After: {previous}");
        unitOfWork.Enqueue<TrialProvisioningJob>(j => j.RunAsync(signupId, CancellationToken.None));
        var saved = await unitOfWork.CommitFormAsync("", "Someone else changed this signup at the same moment. Please check and try again.", ct);
        return saved.Succeeded ? FormResult.Ok("Provisioning queued again: the prospect's page follows it, and staff are alerted again if it fails.") : saved;
    }
}
