using System.Globalization;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Features.Sms;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Trials;

/// <summary>The second step of a signup: the code texted to the mobile. A right code provisions the
/// trial at once, or sends it to staff review when a risk rule matched at signup. Each code works
/// for Trial:MobileCodeMinutes and Trial:MobileCodeTries entries; at most Trial:MobileCodesPerHour
/// codes are sent per signup and hour.</summary>
public sealed class VerifyMobile(
    PortalDbContext db,
    PortalUnitOfWork unitOfWork,
    SmsOutbox sms,
    StaffAlerts staffAlerts,
    PortalLinks links,
    IOptions<TrialOptions> options,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public const string Field = "Code";

    /// <summary>Makes a new code for the signup (the previous one stops working) and stages its SMS; the caller commits.</summary>
    public void StageNewCode(TrialSignup signup)
    {
        var code = MobileCodes.New();
        var now = clock.GetUtcNow().UtcDateTime;
        signup.MobileCodeHash = MobileCodes.Hash(code);
        signup.MobileCodeExpiresAtUtc = now.AddMinutes(options.Value.MobileCodeMinutes);
        signup.MobileCodeFailedAttempts = 0;
        var brand = portal.Value.Name;
        sms.Stage("mobile-code", signup.MobileE164,
            $"{code} is your {brand} code. It works for {options.Value.MobileCodeMinutes} minutes. Never share it: {brand} staff will not ask for it.",
            $"****** is your {brand} code. (Code removed once sent.)",
            trialSignupId: signup.Id);
    }

    /// <summary>Sends a new code unless this signup already had its codes for the hour.</summary>
    public async Task<FormResult> ResendAsync(string userId, CancellationToken ct)
    {
        var signup = await db.TrialSignups.SingleOrDefaultAsync(s => s.UserId == userId, ct);
        if (signup is null)
        {
            return FormResult.Missing();
        }
        if (signup.Status != TrialSignupStatus.AwaitingMobileCode)
        {
            return FormResult.Refused(Field, t["Your mobile number is already verified: no new code is needed."]);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var limit = options.Value.MobileCodesPerHour;
        var recent = await db.OutboxSms.Where(m => m.TrialSignupId == signup.Id && m.CreatedAtUtc > now.AddHours(-1))
            .OrderBy(m => m.CreatedAtUtc).Select(m => m.CreatedAtUtc).ToListAsync(ct);
        if (recent.Count >= limit)
        {
            var nextAt = recent[recent.Count - limit].AddHours(1);
            var minutes = Math.Max(1, (int)Math.Ceiling((nextAt - now).TotalMinutes));
            return FormResult.Refused(Field,
                t[minutes == 1
                    ? "We have already sent {0} codes to this number in the last hour. You can ask for a new one in {1} minute (at {2} UTC). If none arrives, check the number on your signup or contact support."
                    : "We have already sent {0} codes to this number in the last hour. You can ask for a new one in {1} minutes (at {2} UTC). If none arrives, check the number on your signup or contact support.",
                    limit, minutes, nextAt.ToString("HH:mm", CultureInfo.InvariantCulture)]);
        }
        StageNewCode(signup);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(t["We sent a new code to {0}. Earlier codes no longer work.", PhoneDisplay.Format(signup.MobileE164)]);
    }

    public async Task<FormResult> RunAsync(string userId, string? input, CancellationToken ct)
    {
        var signup = await db.TrialSignups.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, ct);
        if (signup is null)
        {
            return FormResult.Missing();
        }
        if (signup.Status != TrialSignupStatus.AwaitingMobileCode)
        {
            // A code entered twice (a replay, a second tab) starts nothing new.
            return FormResult.Refused(Field, signup.MobileVerifiedAtUtc is null
                ? t["Confirm your email address first: open the link we emailed you."]
                : t["Your mobile number is already verified: this code can't be used again."]);
        }
        var code = MobileCodes.Normalize(input);
        if (code is null)
        {
            return FormResult.Refused(Field, t["Enter the 6-digit code from the text message."]);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var tries = options.Value.MobileCodeTries;
        if (signup.MobileCodeHash is null || signup.MobileCodeFailedAttempts >= tries)
        {
            return FormResult.Refused(Field, t["This code was entered wrongly {0} times and no longer works. Ask for a new code.", tries]);
        }
        if (signup.MobileCodeExpiresAtUtc <= now)
        {
            return FormResult.Refused(Field, t["This code has expired: codes work for {0} minutes. Ask for a new code.", options.Value.MobileCodeMinutes]);
        }

        // Take one try before comparing, in the database: parallel guesses cannot get more than their tries.
        var taken = await db.TrialSignups
            .Where(s => s.Id == signup.Id && s.Status == TrialSignupStatus.AwaitingMobileCode && s.MobileCodeHash == signup.MobileCodeHash && s.MobileCodeFailedAttempts < tries)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.MobileCodeFailedAttempts, s => s.MobileCodeFailedAttempts + 1), ct);
        if (taken == 0)
        {
            return FormResult.Refused(Field, t["This code no longer works (a new one was sent, or it was entered wrongly {0} times). Ask for a new code.", tries]);
        }
        var tracked = await db.TrialSignups.SingleAsync(s => s.Id == signup.Id, ct);
        if (!MobileCodes.Matches(code, signup.MobileCodeHash))
        {
            var left = tries - tracked.MobileCodeFailedAttempts;
            if (left <= 0)
            {
                tracked.MobileCodeHash = null;
                await unitOfWork.CommitAsync(ct);
                return FormResult.Refused(Field, t["That code is wrong, and it was the {0}th wrong try: this code no longer works. Ask for a new code.", tries]);
            }
            return FormResult.Refused(Field, t[left == 1 ? "That code is wrong. Check the text message and try again ({0} try left)." : "That code is wrong. Check the text message and try again ({0} tries left).", left]);
        }

        tracked.MobileCodeHash = null;
        tracked.MobileCodeExpiresAtUtc = null;
        tracked.MobileVerifiedAtUtc = now;
        if (tracked.ReviewReasons is null)
        {
            tracked.Status = TrialSignupStatus.Provisioning;
            unitOfWork.Enqueue<TrialProvisioningJob>(j => j.RunAsync(tracked.Id, CancellationToken.None));
        }
        else
        {
            tracked.Status = TrialSignupStatus.InReview;
            tracked.StatusDetail = "Waiting for staff review";
            await staffAlerts.AddAsync($"trial-review:{tracked.Id}", $"Trial to review: {tracked.Company}",
                "A new trial matched a risk rule and waits for review. Approve it to provision it at once, or refuse it with a reason.",
                [("Company", tracked.Company), ("Email", tracked.Email), ("Mobile", tracked.MobileE164), ("Reasons", tracked.ReviewReasons.Replace("\n", "; "))],
                links.To("/admin/trial-reviews"), ct);
        }
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok();
    }
}
