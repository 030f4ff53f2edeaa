using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Sms;

namespace UcPortal.Tests.Sms;

public sealed class TwilioPortal : IDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "test-auth-token";

    public TwilioPortal()
    {
        Portal.Settings["Twilio:AccountSid"] = AccountSid;
        Portal.Settings["Twilio:AuthToken"] = AuthToken;
        Portal.Settings["Twilio:From"] = "+15005550006";
        Portal.Settings["Twilio:ApiBaseUrl"] = Twilio.BaseUrl;
    }

    public FakeTwilio Twilio { get; } = new();

    public SqlitePortal Portal { get; } = new();

    public void Dispose()
    {
        Portal.Dispose();
        Twilio.Dispose();
    }
}

/// <summary>Mobile codes go out through the real Twilio client: a refusal is kept on the row and
/// retried; once Twilio accepted the message, the code is no longer readable in the database.</summary>
public sealed class SmsOutboxTests(TwilioPortal fixture) : IClassFixture<TwilioPortal>
{
    [Fact]
    public async Task TheMobileCode_IsSentThroughTwilio_ThenRemovedFromTheOutbox()
    {
        var portal = fixture.Portal;
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(portal, browser);
        var code = await TrialJourney.MobileCodeAsync(portal, signup.Id);
        var sms = await portal.WithDbAsync(db => db.OutboxSms.AsNoTracking().SingleAsync(m => m.TrialSignupId == signup.Id));
        var before = fixture.Twilio.Requests.Count;

        await RunSendJobAsync(sms.Id);

        var request = Assert.Single(fixture.Twilio.Requests.Skip(before));
        Assert.Equal(("POST", $"/2010-04-01/Accounts/{TwilioPortal.AccountSid}/Messages.json"), (request.Method, request.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{TwilioPortal.AccountSid}:{TwilioPortal.AuthToken}")), request.Authorization);
        Assert.Equal((signup.MobileE164, "+15005550006"), (request.Form["To"], request.Form["From"]));
        Assert.StartsWith($"{code} is your UcPortal code.", request.Form["Body"]);
        var sent = await portal.WithDbAsync(db => db.OutboxSms.AsNoTracking().SingleAsync(m => m.Id == sms.Id));
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.StartsWith("SM", sent.ProviderMessageId);
        Assert.DoesNotContain(code, sent.Body);
        // The prospect still verifies with the code they received.
        Assert.Equal("/dashboard", (await TrialJourney.EnterCodeAsync(browser, code)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AMessageTwilioRefuses_IsKeptWithTheReason_AndSentOnTheRetry()
    {
        var portal = fixture.Portal;
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(portal, browser);
        var id = await portal.WithDbAsync(db => db.OutboxSms.Where(m => m.TrialSignupId == signup.Id).Select(m => m.Id).SingleAsync());
        fixture.Twilio.FailNext(HttpStatusCode.TooManyRequests, 20429, "Too Many Requests");

        var error = await Assert.ThrowsAsync<SmsSenderException>(() => RunSendJobAsync(id));
        var afterFailure = await portal.WithDbAsync(db => db.OutboxSms.AsNoTracking().SingleAsync(m => m.Id == id));
        await RunSendJobAsync(id);
        var afterRetry = await portal.WithDbAsync(db => db.OutboxSms.AsNoTracking().SingleAsync(m => m.Id == id));

        Assert.Contains("20429", error.Message);
        Assert.Equal((OutboxStatus.Pending, 1), (afterFailure.Status, afterFailure.Attempts));
        Assert.Contains("Twilio answered 429", afterFailure.LastError);
        Assert.Equal((OutboxStatus.Sent, 2), (afterRetry.Status, afterRetry.Attempts));
    }

    private async Task RunSendJobAsync(Guid id)
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<SendOutboxSmsJob>().RunAsync(id, CancellationToken.None);
    }
}
