namespace UcPortal.Data.Entities;

/// <summary>An email stored before it is sent, so a mail-provider outage loses nothing.
/// <see cref="DedupKey"/> (unique) makes "send this once" idempotent across job retries.</summary>
public class OutboxEmail
{
    public Guid Id { get; set; }
    public string? DedupKey { get; set; }
    public string Template { get; set; } = "";
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string TextBody { get; set; } = "";
    public Guid? TenantId { get; set; }

    /// <summary>A file sent with the email (a voicemail message's audio), read when it is sent; null = none.</summary>
    public string? AttachmentPath { get; set; }
    public string? AttachmentName { get; set; }
    public string? AttachmentType { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
}

public enum OutboxStatus { Pending = 1, Sent = 2, Failed = 3 }
