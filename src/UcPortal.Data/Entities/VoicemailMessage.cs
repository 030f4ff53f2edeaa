namespace UcPortal.Data.Entities;

/// <summary>A message left in an extension's mailbox. The audio (8 kHz mono WAV, greeting not included)
/// lives outside wwwroot in the tenant's voicemail folder under <see cref="FileName"/>.</summary>
public class VoicemailMessage
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The extension number the caller reached (kept when the extension is deleted).</summary>
    public string ExtensionNumber { get; set; } = "";

    /// <summary>The caller's number (E.164 from the carrier, or the calling extension's number).</summary>
    public string Caller { get; set; } = "";
    public string CallerName { get; set; } = "";
    public DateTime ReceivedAtUtc { get; set; }
    public double DurationSeconds { get; set; }
    public string FileName { get; set; } = "";
    public long SizeBytes { get; set; }
    public bool Heard { get; set; }

    /// <summary>The SIP Call-ID: a recording delivered twice (after a crash) is stored once.</summary>
    public string CallId { get; set; } = "";
}
