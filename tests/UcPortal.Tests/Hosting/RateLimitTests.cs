using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Hosting;

public sealed class StrictRateLimitPortal : IDisposable
{
    public StrictRateLimitPortal()
    {
        Portal.Settings["RateLimits:SignupPerIpPerHour"] = "3";
        Portal.Settings["RateLimits:LoginPerIpPer5Minutes"] = "3";
        Portal.Settings["RateLimits:NumberHoldsPerIpPer10Minutes"] = "3";
    }

    public SqlitePortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

/// <summary>Signup and login posts are limited per client address; the limit answers 429 with a page that explains it.</summary>
public sealed class RateLimitTests(StrictRateLimitPortal fixture) : IClassFixture<StrictRateLimitPortal>
{
    [Fact]
    public async Task TheFourthSignupWithinTheHour_GetsA429WithAClearPage()
    {
        using var browser = fixture.Portal.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: "bad-email"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, allowed.StatusCode);
        }

        var limited = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null || limited.Headers.Contains("Retry-After"));
        var page = await limited.Content.ReadAsStringAsync();
        Assert.Contains("Too many attempts", page);
        Assert.Contains("Please try again in about", page);
        // Reading the form is still allowed: only posts count.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/trial")).StatusCode);
    }

    [Fact]
    public async Task TheFourthLoginAttemptWithinFiveMinutes_GetsA429()
    {
        using var browser = fixture.Portal.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            await browser.SubmitAsync("/account/login", "/account/login", [new("Email", "x@example.com"), new("Password", "nope")]);
        }

        var limited = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", "x@example.com"), new("Password", "nope")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task HoldingNumbers_FromOneAddress_IsLimited_EvenWithAFreshCookieEachTime()
    {
        // A script that wants the whole trial pool throws its cookie away after each "Choose": each
        // request is a new visitor with its own hold. The address still counts.
        var area = await fixture.Portal.WithDbAsync(db => db.PhoneNumbers
            .Where(n => n.Pool == UcPortal.Data.Entities.NumberPool.Trial && n.Status == UcPortal.Data.Entities.NumberStatus.Available)
            .Select(n => new { n.Id, n.Country, n.City }).Take(4).ToListAsync());
        var answers = new List<HttpStatusCode>();
        foreach (var n in area)
        {
            using var visitor = fixture.Portal.CreateBrowser();
            var held = await visitor.PostWithTokenAsync("/trial", "/trial/numbers/hold", [new("id", n.Id.ToString()), new("Form.Area", $"{n.Country}|{n.City}")]);
            answers.Add(held.StatusCode);
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3]);
    }
}
