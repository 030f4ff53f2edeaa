namespace UcPortal.Data.Entities;

/// <summary>A text message stored before it is sent, like <see cref="OutboxEmail"/>. A one-time code
/// is in <see cref="Body"/> only until a real provider accepted it; then the body is replaced by
/// <see cref="RedactedBody"/>, so codes do not linger in the database.</summary>
public class OutboxSms
{
    public Guid Id { get; set; }
    public string Template { get; set; } = "";
    public string ToE164 { get; set; } = "";
    public string Body { get; set; } = "";
    public string RedactedBody { get; set; } = "";

    /// <summary>The signup the message belongs to (a mobile code); the resend limit counts these.</summary>
    public Guid? TrialSignupId { get; set; }
    public Guid? TenantId { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string? ProviderMessageId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
}
