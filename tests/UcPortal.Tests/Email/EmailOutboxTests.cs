using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Email;

namespace UcPortal.Tests.Email;

public sealed class SendGridPortal : IDisposable
{
    public SendGridPortal()
    {
        Portal.Settings["SendGrid:ApiKey"] = "SG.test-key";
        Portal.Settings["SendGrid:ApiBaseUrl"] = SendGrid.BaseUrl;
    }

    public FakeSendGrid SendGrid { get; } = new();

    public SqlitePortal Portal { get; } = new();

    public void Dispose()
    {
        Portal.Dispose();
        SendGrid.Dispose();
    }
}

/// <summary>Emails are stored first and sent by a job through the real SendGrid client, so an
/// outage of the mail API loses nothing: the job fails, is retried, and sends once the API is back.</summary>
public sealed class EmailOutboxTests(SendGridPortal fixture) : IClassFixture<SendGridPortal>
{
    [Fact]
    public async Task AnEmailRefusedWithA500_IsKeptAndSentOnTheRetry_WhenTheApiAnswers202()
    {
        var portal = fixture.Portal;
        var to = $"customer-{Guid.NewGuid():N}@example.com";
        Guid id;
        await using (var scope = portal.Scope())
        {
            var templates = scope.ServiceProvider.GetRequiredService<EmailTemplates>();
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            var email = await outbox.AddAsync(templates.ResetPassword("Grace Hopper", "http://portal.test/account/reset-password?x=1"), to, "Grace Hopper");
            await scope.ServiceProvider.GetRequiredService<UcPortal.Data.PortalDbContext>().SaveChangesAsync();
            id = email!.Id;
        }
        fixture.SendGrid.AnswerNext(HttpStatusCode.InternalServerError);
        var before = fixture.SendGrid.Requests.Count;

        var firstTry = await Assert.ThrowsAsync<MailTransportException>(() => RunSendJobAsync(id));
        var afterFailure = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id));
        await RunSendJobAsync(id);
        var afterRetry = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id));
        await RunSendJobAsync(id);

        Assert.Contains("500", firstTry.Message);
        Assert.Equal((OutboxStatus.Pending, 1), (afterFailure.Status, afterFailure.Attempts));
        Assert.Contains("SendGrid answered 500", afterFailure.LastError);
        Assert.Equal((OutboxStatus.Sent, 2), (afterRetry.Status, afterRetry.Attempts));
        Assert.Null(afterRetry.LastError);
        // Two calls to the API (the failure and the success); a third run sends nothing.
        var requests = fixture.SendGrid.Requests.Skip(before).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("POST", "/v3/mail/send", "Bearer SG.test-key"), (r.Method, r.Path, r.Authorization)));
        using var json = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(to, json.RootElement.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        var subject = json.RootElement.TryGetProperty("subject", out var s) ? s : json.RootElement.GetProperty("personalizations")[0].GetProperty("subject");
        Assert.Equal("Reset your UcPortal password", subject.GetString());
        var types = json.RootElement.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ToList();
        Assert.Equal(["text/plain", "text/html"], types);
    }

    [Fact]
    public async Task TheSweep_ReenqueuesTheEmailLeftPending_NotAFreshOneNorASentOne()
    {
        var portal = fixture.Portal;
        OutboxEmail Email(OutboxStatus status, DateTime created) => new()
        {
            Id = Guid.NewGuid(), Template = "reset-password", ToAddress = $"sweep-{Guid.NewGuid():N}@example.com", Subject = "s",
            HtmlBody = "<p>h</p>", TextBody = "t", Status = status, CreatedAtUtc = created,
        };
        var stuck = Email(OutboxStatus.Pending, DateTime.UtcNow.AddHours(-1));
        var fresh = Email(OutboxStatus.Pending, DateTime.UtcNow);
        var sent = Email(OutboxStatus.Sent, DateTime.UtcNow.AddHours(-1));
        await portal.WithDbAsync(async db =>
        {
            db.OutboxEmails.AddRange(stuck, fresh, sent);
            return await db.SaveChangesAsync();
        });

        await using (var scope = portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxSweepJob>().RunAsync(CancellationToken.None);
        }

        // The send jobs now waiting in Hangfire's queue, by the email they send.
        var queued = portal.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Select(j => j.Value.Job)
            .Where(job => job?.Type == typeof(SendOutboxEmailJob))
            .Select(job => (Guid)job!.Args[0])
            .ToList();
        Assert.Single(queued, id => id == stuck.Id);
        Assert.DoesNotContain(fresh.Id, queued);
        Assert.DoesNotContain(sent.Id, queued);
    }

    private async Task RunSendJobAsync(Guid id)
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<SendOutboxEmailJob>().RunAsync(id, CancellationToken.None);
    }
}
