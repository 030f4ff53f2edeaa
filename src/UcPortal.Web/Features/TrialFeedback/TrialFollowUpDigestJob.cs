using System.Globalization;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.TrialFeedback;

/// <summary>Each morning, emails every staff member the trial follow-ups assigned to them that are
/// due (follow-up date today or earlier, not closed). Idempotent per day: each email has the dedup key
/// follow-ups-due:{user}:{day}, so a second run that day sends nothing more.</summary>
public sealed class TrialFollowUpDigestJob(PortalDbContext db, PortalUnitOfWork unitOfWork, EmailTemplates templates, PortalLinks links, TimeProvider clock)
{
    public const string Id = "trial-follow-up-digest";

    public async Task RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var due = await db.TrialFollowUps.AsNoTracking()
            .Where(f => f.ClosedAtUtc == null && f.AssignedToUserId != null && f.FollowUpOn != null && f.FollowUpOn <= today)
            .OrderBy(f => f.FollowUpOn)
            .Select(f => new { f.AssignedToUserId, Company = f.Tenant!.Name, f.FollowUpOn, f.Reason })
            .ToListAsync(ct);
        foreach (var group in due.GroupBy(f => f.AssignedToUserId!))
        {
            var user = await db.Users.Where(u => u.Id == group.Key).Select(u => new { u.Email, u.FullName }).SingleOrDefaultAsync(ct);
            if (user?.Email is null)
            {
                continue;
            }
            var items = group.Select(f => (f.Company, $"{f.FollowUpOn:yyyy-MM-dd} · {TrialExitReasons.Label(f.Reason)}")).ToList();
            var email = templates.TrialFollowUpsDue(user.FullName, items, links.To("/admin/follow-ups?mine=true"));
            await unitOfWork.EmailAsync(email, user.Email, user.FullName, $"follow-ups-due:{group.Key}:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", null, ct);
        }
        await unitOfWork.CommitAsync(ct);
    }
}
