namespace UcPortal.Data.Entities;

/// <summary>A trial that ended without converting: why the prospect says it did not buy (answered from
/// the expiry email or page), and staff's follow-up of it (who, when, notes). One per tenant; a
/// trial that is extended and ends again reopens it.</summary>
public class TrialFollowUp
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public DateTime TrialEndedAtUtc { get; set; }

    public TrialExitReason? Reason { get; set; }
    /// <summary>What the prospect added in their own words (optional).</summary>
    public string? ReasonText { get; set; }
    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>The staff member following it up (an AspNetUsers id), if assigned.</summary>
    public string? AssignedToUserId { get; set; }
    /// <summary>The day staff mean to get back to the prospect; due from that day on.</summary>
    public DateOnly? FollowUpOn { get; set; }
    public string Notes { get; set; } = "";
    /// <summary>Done with (converted, not interested, unreachable); closed follow-ups leave the list.</summary>
    public DateTime? ClosedAtUtc { get; set; }
}

/// <summary>Why a trial did not convert, as the prospect picks it with one click.</summary>
public enum TrialExitReason
{
    TooExpensive = 1,
    MissingFeature = 2,
    CallQuality = 3,
    SetupTooHard = 4,
    NotReadyYet = 5,
    ChoseAnotherProvider = 6,
    Other = 7,
}
