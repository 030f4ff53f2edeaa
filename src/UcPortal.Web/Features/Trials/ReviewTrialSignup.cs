using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Trials;

/// <summary>Staff's decision on a signup in review: approval provisions it at once (the provisioning
/// job writes the review into the new tenant's history); refusal keeps the signup, its mobile and
/// email used, and tells the prospect why. Both are recorded on the signup with who and why.</summary>
public sealed class ReviewTrialSignup(PortalDbContext db, PortalUnitOfWork unitOfWork, EmailTemplates templates, TimeProvider clock, StaffAudit audit, ILogger<ReviewTrialSignup> log)
{
    public const string NoteField = "Note";

    public Task<FormResult> ApproveAsync(Guid signupId, string? note, string staff, CancellationToken ct) => DecideAsync(signupId, note, staff, approve: true, ct);

    public Task<FormResult> RefuseAsync(Guid signupId, string? note, string staff, CancellationToken ct) => DecideAsync(signupId, note, staff, approve: false, ct);

    private async Task<FormResult> DecideAsync(Guid signupId, string? note, string staff, bool approve, CancellationToken ct)
    {
        var signup = await db.TrialSignups.SingleOrDefaultAsync(s => s.Id == signupId, ct);
        if (signup is null)
        {
            return FormResult.Missing();
        }
        var reason = (note ?? "").Trim();
        if (reason.Length == 0)
        {
            return FormResult.Refused(NoteField, approve ? "Say why you approve this trial (it is kept in its history)." : "Say why you refuse this trial: the prospect reads it.");
        }
        if (reason.Length > 500)
        {
            return FormResult.Refused(NoteField, "Keep the reason under 500 characters.");
        }
        if (signup.Status != TrialSignupStatus.InReview)
        {
            return FormResult.Refused(NoteField, signup.ReviewedBy is null
                ? $"This signup is not waiting for review (it is {signup.Status})."
                : $"{signup.ReviewedBy} already decided on this signup ({signup.Status}).");
        }
        signup.ReviewedBy = staff;
        signup.ReviewedAtUtc = clock.GetUtcNow().UtcDateTime;
        signup.ReviewNote = reason;
        // The applicant's language, not the reviewer's (decision 036).
        var culture = await db.Users.Where(u => u.Id == signup.UserId).Select(u => u.Culture).FirstOrDefaultAsync(ct);
        if (approve)
        {
            signup.Status = TrialSignupStatus.Provisioning;
            signup.StatusDetail = null;
            await unitOfWork.EmailAsync(templates.In(culture, t => t.TrialApproved(signup.FullName, signup.Company)), signup.Email, signup.FullName, $"trial-approved:{signup.Id}", null, ct);
            unitOfWork.Enqueue<TrialProvisioningJob>(j => j.RunAsync(signup.Id, CancellationToken.None));
        }
        else
        {
            signup.Status = TrialSignupStatus.Refused;
            signup.StatusDetail = $"Refused by {staff}: {reason}";
            await unitOfWork.EmailAsync(templates.In(culture, t => t.TrialRefused(signup.FullName, signup.Company, reason)), signup.Email, signup.FullName, $"trial-refused:{signup.Id}", null, ct);
        }
        audit.Record(approve ? AuditActions.TrialReviewApproved : AuditActions.TrialReviewRefused, null,
            $"{signup.Company} <{signup.Email}>", reason);
        var result = await unitOfWork.CommitFormAsync(NoteField, "Someone else decided on this signup at the same moment. Reload the queue.", ct);
        if (result.Succeeded)
        {
            log.LogInformation("Trial signup {SignupId} {Decision} by {Staff}: {Reason}", signup.Id, approve ? "approved" : "refused", staff, reason);
            return FormResult.Ok(approve ? $"{signup.Company}'s trial is approved and being provisioned." : $"{signup.Company}'s trial is refused; they have been emailed.");
        }
        return result;
    }
}
