namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The timing of the suspension ladder (section "Lifecycle"). Days count from the step before.
/// The numbers' quarantine reads its own keys from the same section (Numbers.QuarantineOptions).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>Days before trial expiry at which a reminder is emailed.</summary>
    public int[] TrialReminderDaysBefore { get; set; } = [3, 1];
    /// <summary>A reminder is emailed once when the trial credit left falls under this share.</summary>
    public int TrialCreditReminderPercent { get; set; } = 20;
    /// <summary>Suspended (expired trial, cancelled subscription) → released after this many days.</summary>
    public int GraceDays { get; set; } = 7;
    /// <summary>A released tenant's configuration is kept this long (an upgrade by staff can still use it), then purged.</summary>
    public int RetentionDays { get; set; } = 90;
    /// <summary>Days after the first failed payment on which a dunning email goes out.</summary>
    public int[] DunningEmailDays { get; set; } = [1, 3, 7];
    /// <summary>Days after the first failed payment when service is suspended.</summary>
    public int SuspendAfterFailedPaymentDays { get; set; } = 7;
    /// <summary>Days after the first failed payment when the subscription is cancelled.</summary>
    public int CancelAfterFailedPaymentDays { get; set; } = 14;
    /// <summary>Tenants handled per database round trip by the daily sweeps.</summary>
    public int BatchSize { get; set; } = 500;
}
