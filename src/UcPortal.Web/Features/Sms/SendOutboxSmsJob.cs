using Hangfire;

namespace UcPortal.Web.Features.Sms;

/// <summary>Sends one stored text message. Already sent → nothing happens. A refusal by the provider is
/// recorded on the row and rethrown so Hangfire retries; few retries, because a one-time code is
/// useless after its 10 minutes (the prospect asks for a new one).</summary>
public sealed class SendOutboxSmsJob(PortalDbContext db, ISmsSender sender, TimeProvider clock, ILogger<SendOutboxSmsJob> log)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid outboxSmsId, CancellationToken ct)
    {
        var sms = await db.OutboxSms.FindAsync([outboxSmsId], ct);
        if (sms is null || sms.Status == OutboxStatus.Sent)
        {
            return;
        }
        sms.Attempts++;
        sms.LastAttemptAtUtc = clock.GetUtcNow().UtcDateTime;
        string? providerId;
        try
        {
            providerId = await sender.SendAsync(sms, ct);
        }
        catch (Exception ex)
        {
            sms.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            await db.SaveChangesAsync(CancellationToken.None);
            log.LogWarning("SMS {SmsId} ({Template}) not accepted by {Sender} on attempt {Attempt}: {Error}",
                sms.Id, sms.Template, sender.Name, sms.Attempts, sms.LastError);
            throw;
        }
        sms.Status = OutboxStatus.Sent;
        sms.SentAtUtc = clock.GetUtcNow().UtcDateTime;
        sms.ProviderMessageId = providerId;
        sms.LastError = null;
        if (sender.Delivers)
        {
            // The code has reached the provider: it need not stay readable in our database.
            sms.Body = sms.RedactedBody;
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
