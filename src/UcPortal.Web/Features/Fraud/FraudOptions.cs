namespace UcPortal.Web.Features.Fraud;

/// <summary>Thresholds of the fraud signals watched while tenants run (section "Fraud"). The first two are
/// counted by the SIP core itself over its 60-second window (kamailio.cfg FRAUD_WINDOW) and block within the
/// call that crosses them; the others are computed every minute by <see cref="FraudSweepJob"/> from rated calls
/// of the last hour. 0 switches a rule off.</summary>
public sealed class FraudOptions
{
    public const string Section = "Fraud";

    /// <summary>Call attempts to the phone network per minute from a trial (an autodialer's burst).</summary>
    public int TrialAttemptsPerMinute { get; set; } = 20;

    /// <summary>Call attempts to the phone network per minute from a paid tenant.</summary>
    public int AttemptsPerMinute { get; set; } = 120;

    /// <summary>Calls refused at the tenant's concurrent-call cap per minute (many simultaneous attempts over it).</summary>
    public int CallCapRefusalsPerMinute { get; set; } = 20;

    /// <summary>A call to the phone network shorter than this many seconds is a "very short" call.</summary>
    public int ShortCallSeconds { get; set; } = 6;

    /// <summary>Share of very short calls among the last hour's answered outbound calls (0–1) that flags
    /// the tenant, once it made at least <see cref="ShortCallMinCalls"/> of them.</summary>
    public double ShortCallShare { get; set; } = 0.6;

    public int ShortCallMinCalls { get; set; } = 20;

    /// <summary>Minutes to numbers outside the tenant's country in the last hour.</summary>
    public int InternationalMinutesPerHour { get; set; } = 120;

    /// <summary>Cost of calls to the phone network in the last hour, in cents.</summary>
    public int SpendPerHourCents { get; set; } = 5000;

    /// <summary>Where a flagged customer is told to reach support (an email address or a phone number).</summary>
    public string SupportContact { get; set; } = "support@ucportal.test";
}
