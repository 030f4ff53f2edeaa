using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.TrialFeedback;

/// <summary>The reasons a prospect can pick, in the words they see.</summary>
public static class TrialExitReasons
{
    public static readonly IReadOnlyList<(TrialExitReason Reason, string Label)> All =
    [
        (TrialExitReason.TooExpensive, "Too expensive"),
        (TrialExitReason.MissingFeature, "A feature I need is missing"),
        (TrialExitReason.CallQuality, "Call quality or reliability"),
        (TrialExitReason.SetupTooHard, "Too hard to set up"),
        (TrialExitReason.NotReadyYet, "Not ready to switch yet"),
        (TrialExitReason.ChoseAnotherProvider, "I chose another provider"),
        (TrialExitReason.Other, "Something else"),
    ];

    public static string Label(TrialExitReason? reason) => reason is { } r ? All.FirstOrDefault(x => x.Reason == r).Label ?? r.ToString() : "—";
}

/// <summary>The signed links of the "why didn't you buy?" question. A link carries a token that Data
/// Protection encrypts and authenticates for one tenant, so it works without signing in, cannot be
/// forged, and names its own tenant only: changing the tenant means a new token nobody but the portal
/// can make. Tokens expire after <see cref="Lifetime"/>.</summary>
public sealed class TrialExitLinks(IDataProtectionProvider protection, PortalLinks links)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("UcPortal.TrialExitFeedback.v1").ToTimeLimitedDataProtector();

    public string Token(Guid tenantId) => _protector.Protect(tenantId.ToString("N"), Lifetime);

    /// <summary>The tenant the token was made for, or null when it is forged, damaged or expired.</summary>
    public Guid? TenantOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public string Path(string token, TrialExitReason? reason) =>
        "/trial-feedback?t=" + Uri.EscapeDataString(token) + (reason is { } r ? "&reason=" + r : "");

    /// <summary>One absolute link per reason, for the expiry email.</summary>
    public IReadOnlyList<(string Label, string Url)> ForEmail(Guid tenantId)
    {
        var token = Token(tenantId);
        return TrialExitReasons.All.Select(r => (r.Label, links.To(Path(token, r.Reason)))).ToList();
    }
}

/// <summary>Opens the follow-up when a trial ends, and records the prospect's answer.</summary>
public sealed class TrialExitFeedback(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public const int MaxTextLength = 1000;

    /// <summary>Stages the follow-up of a trial that just ended (a second end reopens it). The caller commits.</summary>
    public async Task OpenAsync(Tenant tenant, CancellationToken ct)
    {
        var followUp = _loaded.TryGetValue(tenant.Id, out var loaded)
            ? loaded ?? Staged(tenant.Id)
            : await db.TrialFollowUps.SingleOrDefaultAsync(f => f.TenantId == tenant.Id, ct) ?? Staged(tenant.Id);
        if (followUp is null)
        {
            db.TrialFollowUps.Add(new TrialFollowUp { TenantId = tenant.Id, TrialEndedAtUtc = unitOfWork.Now });
        }
        else
        {
            followUp.TrialEndedAtUtc = unitOfWork.Now;
            followUp.ClosedAtUtc = null;
        }
    }

    // Follow-ups read for a batch by LoadAsync (null: none stored), tracked in the caller's context.
    private readonly Dictionary<Guid, TrialFollowUp?> _loaded = [];

    /// <summary>Reads the follow-ups of a batch of tenants in one query (tracked), so OpenAsync asks
    /// the database nothing for them (decision 038). Replaces what an earlier call read.</summary>
    public async Task LoadAsync(IReadOnlyCollection<Guid> tenantIds, CancellationToken ct)
    {
        _loaded.Clear();
        var ids = tenantIds.Distinct().ToList();
        var rows = await db.TrialFollowUps.Where(f => ids.Contains(f.TenantId)).ToListAsync(ct);
        ids.ForEach(id => _loaded[id] = null);
        rows.ForEach(f => _loaded[f.TenantId] = f);
    }

    /// <summary>A follow-up added in this unit of work and not saved yet. Added entities are tracked
    /// at once, so no DetectChanges pass is needed (DbSet.Local makes one per call: O(batch²) in a sweep).</summary>
    private TrialFollowUp? Staged(Guid tenantId) =>
        db.ReadStaged(() => db.TrialFollowUps.Local.SingleOrDefault(f => f.TenantId == tenantId));

    /// <summary>Records the reason (and the optional text) of the tenant's ended trial. A later answer
    /// replaces an earlier one; text already given is kept when only a reason is clicked again.</summary>
    public async Task<FormResult> AnswerAsync(Guid tenantId, TrialExitReason? reason, string? text, CancellationToken ct)
    {
        var followUp = await db.TrialFollowUps.SingleOrDefaultAsync(f => f.TenantId == tenantId, ct);
        if (followUp is null)
        {
            return FormResult.Missing();
        }
        if (reason is not { } r || !Enum.IsDefined(r))
        {
            return FormResult.Refused("Reason", t["Choose one of the reasons."]);
        }
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text is { Length: > MaxTextLength })
        {
            return FormResult.Refused("Text", t["Please keep it under {0} characters.", MaxTextLength]);
        }
        var changed = followUp.Reason != r || (text is not null && text != followUp.ReasonText);
        followUp.Reason = r;
        followUp.ReasonText = text ?? followUp.ReasonText;
        followUp.AnsweredAtUtc = unitOfWork.Now;
        if (changed)
        {
            unitOfWork.AddEvent(tenantId, "follow-up", $"Said why the trial did not convert: {TrialExitReasons.Label(r)}{(text is null ? "" : " (with a comment)")}", "prospect");
        }
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(t["Thank you: your answer is recorded."]);
    }
}
