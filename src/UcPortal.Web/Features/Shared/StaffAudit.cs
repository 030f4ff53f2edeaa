using System.Security.Claims;

namespace UcPortal.Web.Features.Shared;

/// <summary>Writes the staff audit log (<see cref="AuditEntry"/>): every staff action and security
/// event. <see cref="Record"/> stages the line on the DbContext, so the caller's
/// <c>PortalUnitOfWork.CommitAsync</c> saves it in the same transaction as the change it describes:
/// no audited action without its line, no line for an action that was not saved. The actor and
/// their address come from the current request unless given (a failed sign-in has no signed-in user).
/// The table is append-only in the database; there is nothing here to change a line.</summary>
public sealed class StaffAudit(PortalDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <param name="action">A dotted name, one of <see cref="AuditActions"/> (add yours there).</param>
    /// <param name="tenantId">The customer the action is about, if any (the audit page filters by it).</param>
    /// <param name="target">On what or whom, in words: the tenant's name, a staff member's email, a plan.</param>
    /// <param name="detail">What changed, the reason given, the result.</param>
    /// <param name="actor">Who, when not the signed-in user (the email typed at a failed sign-in, "command-line").</param>
    public AuditEntry Record(string action, Guid? tenantId = null, string? target = null, string? detail = null, string? actor = null, string? actorUserId = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var entry = new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            Actor = Clip(actor ?? user?.FindFirstValue(ClaimTypes.Email) ?? user?.Identity?.Name ?? "system", 256)!,
            ActorUserId = actorUserId ?? (actor is null ? user?.FindFirstValue(ClaimTypes.NameIdentifier) : null),
            ActorIp = context?.Connection.RemoteIpAddress?.ToString(),
            Action = Clip(action, 64)!,
            TenantId = tenantId,
            Target = Clip(target, 256),
            Detail = Clip(detail, 1000),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>The audit log's action names. Staff actions are <c>area.verb</c>; security events start
/// with <c>signin</c>, <c>2fa</c> or <c>staff</c>. The audit page offers these in its action filter.</summary>
public static class AuditActions
{
    public const string SignIn = "signin";
    public const string SignInFailed = "signin.failed";
    public const string SignInTwoFactorFailed = "signin.2fa-failed";
    public const string LockedOut = "signin.locked-out";
    public const string SignOut = "signout";
    public const string TwoFactorEnrolled = "2fa.enrolled";
    public const string TwoFactorReset = "2fa.reset";
    public const string TwoFactorResetByAdmin = "2fa.reset-by-admin";
    public const string RecoveryCodesRenewed = "2fa.recovery-codes-renewed";
    public const string StaffInvited = "staff.invited";
    public const string StaffInvitationAccepted = "staff.invitation-accepted";
    public const string StaffRoleChanged = "staff.role-changed";
    public const string StaffRemoved = "staff.removed";
    public const string TenantSuspend = "tenant.suspend";
    public const string TenantResume = "tenant.resume";
    public const string TenantExtendTrial = "tenant.extend-trial";
    public const string PlansSync = "plans.sync";
    public const string TenantPremiumDestinations = "tenant.premium-destinations";
    public const string TenantFraudFlagCleared = "tenant.fraud-flag-cleared";
    public const string TenantSpendCap = "tenant.spend-cap";
    public const string TrialReviewApproved = "trial-review.approved";
    public const string TrialReviewRefused = "trial-review.refused";
    public const string SipBlockLifted = "sip.block-lifted";
    public const string RateAdded = "rates.added";
    public const string RateChanged = "rates.changed";
    public const string RateDeleted = "rates.deleted";
    public const string NumbersImported = "numbers.imported";
    public const string NumberPoolChanged = "numbers.pool-changed";
    public const string NumberRetired = "numbers.retired";
    public const string NumberQuarantineReleased = "numbers.quarantine-released";
    public const string TrialFollowUpChanged = "follow-up.changed";
    public const string PlanCreated = "plans.created";
    public const string PlanChanged = "plans.changed";
    public const string PlanRetired = "plans.retired";
    public const string TenantAddTrialCredit = "tenant.add-trial-credit";
    public const string TenantEmailResent = "tenant.email-resent";
    public const string TenantSipPasswordReset = "tenant.sip-password-reset";
    public const string TenantSipResync = "tenant.sip-resync";
    public const string TenantSubscriptionCancelled = "tenant.subscription-cancelled";
    public const string TrialProvisioningRetried = "trial.provisioning-retried";
    public const string ViewAsCustomerStarted = "tenant.view-as-started";
    public const string ViewAsCustomerStopped = "tenant.view-as-stopped";
    public const string TicketReplied = "ticket.replied";
    public const string TicketAssigned = "ticket.assigned";
    public const string TicketClosed = "ticket.closed";
    public const string TicketReopened = "ticket.reopened";
    public const string HelpArticleCreated = "help.article-created";
    public const string HelpArticleEdited = "help.article-edited";
    public const string HelpArticlePublished = "help.article-published";
    public const string HelpArticleUnpublished = "help.article-unpublished";
    public const string HelpCategorySaved = "help.category-saved";
    public const string ComparisonRateChanged = "comparison.rate-changed";
    public const string PortingInformationRequested = "porting.information-requested";
    public const string PortingDateSet = "porting.date-set";
    public const string PortingCompleted = "porting.completed";
    public const string PortingRejected = "porting.rejected";
    public const string PortingLetterViewed = "porting.letter-viewed";

    public static readonly IReadOnlyList<string> Known =
    [
        SignIn, SignInFailed, SignInTwoFactorFailed, LockedOut, SignOut,
        TwoFactorEnrolled, TwoFactorReset, TwoFactorResetByAdmin, RecoveryCodesRenewed,
        StaffInvited, StaffInvitationAccepted, StaffRoleChanged, StaffRemoved,
        TenantSuspend, TenantResume, TenantExtendTrial, PlansSync,
        TenantPremiumDestinations, TenantFraudFlagCleared, TenantSpendCap, TrialReviewApproved, TrialReviewRefused,
        SipBlockLifted, RateAdded, RateChanged, RateDeleted,
        NumbersImported, NumberPoolChanged, NumberRetired, NumberQuarantineReleased, TrialFollowUpChanged,
        PlanCreated, PlanChanged, PlanRetired,
        TenantAddTrialCredit, TenantEmailResent, TenantSipPasswordReset, TenantSipResync, TenantSubscriptionCancelled,
        TrialProvisioningRetried, ViewAsCustomerStarted, ViewAsCustomerStopped,
        TicketReplied, TicketAssigned, TicketClosed, TicketReopened,
        HelpArticleCreated, HelpArticleEdited, HelpArticlePublished, HelpArticleUnpublished, HelpCategorySaved,
        ComparisonRateChanged,
        PortingInformationRequested, PortingDateSet, PortingCompleted, PortingRejected, PortingLetterViewed,
    ];
}
