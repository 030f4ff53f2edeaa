using Microsoft.AspNetCore.Identity;

namespace UcPortal.Web.Features.Trials;

public enum ConfirmOutcome { Invalid, Confirmed, AlreadyConfirmed }

/// <summary>Confirms a prospect's email and, the first time, texts a one-time code to their mobile
/// (the next step, VerifyMobile). Codes go out only to confirmed addresses, so a bot that fills the
/// form with other people's numbers cannot make us send SMS (SMS pumping) without a mailbox per try.</summary>
public sealed class ConfirmTrialEmail(PortalDbContext db, UserManager<PortalUser> users, PortalUnitOfWork unitOfWork, VerifyMobile verifyMobile, TimeProvider clock)
{
    /// <param name="code">The link's code: the confirmation token, base64url.</param>
    public async Task<(ConfirmOutcome Outcome, PortalUser? User)> RunAsync(string? userId, string? code, CancellationToken ct)
    {
        var token = Account.LinkCodes.Decode(code);
        var user = string.IsNullOrEmpty(userId) || token is null ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (ConfirmOutcome.Invalid, null);
        }
        if (user.EmailConfirmed)
        {
            return (ConfirmOutcome.AlreadyConfirmed, user);
        }
        var result = await users.ConfirmEmailAsync(user, token!);
        if (!result.Succeeded)
        {
            return (ConfirmOutcome.Invalid, user);
        }
        var signup = await db.TrialSignups.SingleOrDefaultAsync(s => s.UserId == user.Id, ct);
        if (signup is { Status: TrialSignupStatus.AwaitingConfirmation })
        {
            signup.Status = TrialSignupStatus.AwaitingMobileCode;
            signup.ConfirmedAtUtc = clock.GetUtcNow().UtcDateTime;
            verifyMobile.StageNewCode(signup);
            try
            {
                await unitOfWork.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The link was opened twice at once: the other request moved the signup on and sent the code.
                db.ChangeTracker.Clear();
            }
        }
        return (ConfirmOutcome.Confirmed, user);
    }
}
