using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace UcPortal.Web.Features.Email;

/// <summary>Hands one stored email to a mail service. Throws when the service does not accept it,
/// so the job that called it is retried.</summary>
public interface IMailTransport
{
    string Name { get; }
    Task SendAsync(OutboxEmail email, CancellationToken ct);
}

public sealed class MailTransportException(string message) : Exception(message);

/// <summary>The real SendGrid client; its base address comes from configuration.</summary>
public sealed class SendGridMailTransport(IHttpClientFactory httpClients, IOptions<SendGridOptions> sendGrid, IOptions<EmailOptions> email) : IMailTransport
{
    public const string HttpClientName = "sendgrid";

    public string Name => "SendGrid";

    public async Task SendAsync(OutboxEmail message, CancellationToken ct)
    {
        var client = new SendGridClient(httpClients.CreateClient(HttpClientName), new SendGridClientOptions
        {
            ApiKey = sendGrid.Value.ApiKey,
            Host = sendGrid.Value.ApiBaseUrl.TrimEnd('/'),
        });
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(email.Value.FromAddress, email.Value.FromName),
            new EmailAddress(message.ToAddress, string.IsNullOrWhiteSpace(message.ToName) ? null : message.ToName),
            message.Subject, message.TextBody, message.HtmlBody);
        mail.AddCustomArg("outbox_id", message.Id.ToString());
        if (message.AttachmentPath is { } path && File.Exists(path))
        {
            // A file deleted since (the message was deleted) is simply not attached.
            mail.AddAttachment(message.AttachmentName ?? Path.GetFileName(path), Convert.ToBase64String(await File.ReadAllBytesAsync(path, ct)), message.AttachmentType ?? "application/octet-stream");
        }
        var response = await client.SendEmailAsync(mail, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Body.ReadAsStringAsync(ct);
            throw new MailTransportException($"SendGrid answered {(int)response.StatusCode}: {Truncate(body, 300)}");
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}

/// <summary>The embedded default: messages stay in the outbox table and are read at /dev/mailbox.</summary>
public sealed class LocalMailboxTransport : IMailTransport
{
    public string Name => "local mailbox";

    public Task SendAsync(OutboxEmail email, CancellationToken ct) => Task.CompletedTask;
}
