namespace UcPortal.Web.Features.Sms;

/// <summary>Stores text messages before they are sent. <see cref="Stage"/> only adds the row and stages
/// its send job in the caller's unit of work, so the message goes out only if the change that caused it is committed.</summary>
public sealed class SmsOutbox(PortalDbContext db, PortalUnitOfWork unitOfWork, TimeProvider clock)
{
    /// <param name="redactedBody">What stays in the row once a real provider accepted the message (no code).</param>
    public OutboxSms Stage(string template, string toE164, string body, string redactedBody, Guid? trialSignupId = null, Guid? tenantId = null)
    {
        var sms = new OutboxSms
        {
            Id = Guid.NewGuid(),
            Template = template,
            ToE164 = toE164,
            Body = body,
            RedactedBody = redactedBody,
            TrialSignupId = trialSignupId,
            TenantId = tenantId,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxSms.Add(sms);
        unitOfWork.Enqueue<SendOutboxSmsJob>(j => j.RunAsync(sms.Id, CancellationToken.None));
        return sms;
    }
}
