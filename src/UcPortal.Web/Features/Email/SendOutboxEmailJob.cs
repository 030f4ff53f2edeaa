using Hangfire;

namespace UcPortal.Web.Features.Email;

/// <summary>Sends one stored email. Already sent → nothing happens. A refusal by the mail service
/// is recorded on the row and rethrown so Hangfire retries with backoff; the row stays Pending,
/// so nothing is lost even when every retry fails (the sweep picks it up again).</summary>
public sealed class SendOutboxEmailJob(PortalDbContext db, IMailTransport transport, TimeProvider clock, IBackgroundJobClient jobs, ILogger<SendOutboxEmailJob> log)
{
    /// <summary>The emails one commit staged together (a lifecycle sweep's batch), in one job: each is
    /// sent as <see cref="RunAsync"/> sends it; one the mail service refuses gets a job of its own,
    /// which retries it with backoff as if it had been queued alone.</summary>
    public async Task RunManyAsync(Guid[] outboxEmailIds, CancellationToken ct)
    {
        foreach (var id in outboxEmailIds)
        {
            db.ChangeTracker.Clear();
            try
            {
                await RunAsync(id, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                jobs.Enqueue<SendOutboxEmailJob>(j => j.RunAsync(id, CancellationToken.None));
            }
        }
    }

    [AutomaticRetry(Attempts = 8)]
    public async Task RunAsync(Guid outboxEmailId, CancellationToken ct)
    {
        var email = await db.OutboxEmails.FindAsync([outboxEmailId], ct);
        if (email is null || email.Status == OutboxStatus.Sent)
        {
            return;
        }
        email.Attempts++;
        email.LastAttemptAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await transport.SendAsync(email, ct);
        }
        catch (Exception ex)
        {
            email.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            await db.SaveChangesAsync(CancellationToken.None);
            log.LogWarning("Email {EmailId} ({Template}) not accepted by {Transport} on attempt {Attempt}: {Error}",
                email.Id, email.Template, transport.Name, email.Attempts, email.LastError);
            throw;
        }
        email.Status = OutboxStatus.Sent;
        email.SentAtUtc = clock.GetUtcNow().UtcDateTime;
        email.LastError = null;
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
