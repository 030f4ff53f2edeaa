using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Hosting;

namespace UcPortal.Tests.Hosting;

/// <summary>Two portal nodes on one database (decision 039), each with the same limits and one clock
/// the test moves: signup 4 per hour, login 3 per 5 minutes.</summary>
public abstract class TwoNodesOnOneDatabase : IDisposable
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public PortalFactory NodeA { get; }

    public PortalFactory NodeB { get; }

    protected TwoNodesOnOneDatabase(PortalFactory a, Func<PortalFactory, PortalFactory> second)
    {
        NodeA = Configure(a);
        // The first node migrates the database before the second starts on it.
        NodeA.CreateClient().Dispose();
        NodeB = Configure(second(NodeA));
        NodeB.CreateClient().Dispose();
    }

    private PortalFactory Configure(PortalFactory node)
    {
        node.Settings["RateLimits:SignupPerIpPerHour"] = "4";
        node.Settings["RateLimits:LoginPerIpPer5Minutes"] = "3";
        node.TestServices += s => s.AddSingleton<TimeProvider>(Clock);
        return node;
    }

    public void Dispose()
    {
        NodeB.Dispose();
        NodeA.Dispose();
    }
}

public sealed class TwoSqliteNodes() : TwoNodesOnOneDatabase(new SqlitePortal(), a => new SqlitePortalOnFolder(a.DataFolder));

public sealed class TwoPostgresNodes() : TwoNodesOnOneDatabase(new PostgresPortal(), a => new PostgresPortalOnDatabase(((PostgresPortal)a).ConnectionString));

/// <summary>Rate limits count in the database, so nodes behind a load balancer share one allowance
/// per client: N requests alternating between two nodes are limited at the configured total, not at
/// twice it. Windows end, and ended windows are cleaned up.</summary>
public abstract class SharedRateLimitTests<TNodes>(TNodes nodes) : IClassFixture<TNodes> where TNodes : TwoNodesOnOneDatabase
{
    [Fact]
    public async Task SignupsAlternatingBetweenTwoNodes_AreLimitedAtTheConfiguredTotal()
    {
        await ClearCountersAsync();
        using var onA = nodes.NodeA.CreateBrowser();
        using var onB = nodes.NodeB.CreateBrowser();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var browser = i % 2 == 0 ? onA : onB;
            // An invalid form answers 422 when the limit lets it through, and costs no account.
            var response = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: "bad-email"));
            answers.Add(response.StatusCode);
        }

        // Per node, each would have let 4 through (8 in all); shared, 4 in all.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], answers);
    }

    [Fact]
    public async Task LoginsOnBothNodes_ShareOneWindow_WhichEndsAfterItsLength()
    {
        await ClearCountersAsync();
        using var onA = nodes.NodeA.CreateBrowser();
        using var onB = nodes.NodeB.CreateBrowser();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(onA)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(onB)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(onA)).StatusCode);

        var limited = await LoginAsync(onB);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        // The window started with the first hit, on the other node: about 5 minutes left.
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));

        nodes.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(onB)).StatusCode);
    }

    [Fact]
    public async Task TheCleanupJob_DeletesEndedWindowsOnly()
    {
        await ClearCountersAsync();
        using var onA = nodes.NodeA.CreateBrowser();
        await LoginAsync(onA);
        nodes.Clock.Advance(TimeSpan.FromMinutes(6));
        await TrialJourney.SubmitAsync(onA, TrialJourney.ValidForm(email: "bad-email"));
        Assert.Equal(2, await nodes.NodeA.WithDbAsync(db => db.RateLimitCounters.CountAsync()));

        await using var scope = nodes.NodeB.Scope();
        var deleted = await scope.ServiceProvider.GetRequiredService<RateLimitCleanupJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        var left = await nodes.NodeA.WithDbAsync(db => db.RateLimitCounters.Select(c => c.Key).ToListAsync());
        Assert.StartsWith("signup:", Assert.Single(left));
    }

    private static Task<HttpResponseMessage> LoginAsync(PortalBrowser browser) =>
        browser.SubmitAsync("/account/login", "/account/login", [new("Email", "nobody@example.com"), new("Password", "wrong-password")]);

    private Task ClearCountersAsync() => nodes.NodeA.WithDbAsync(db => db.RateLimitCounters.ExecuteDeleteAsync());
}

// The tests of one class share its nodes' counters; xUnit runs them one after the other.
public sealed class SharedRateLimitsOnSqlite(TwoSqliteNodes nodes) : SharedRateLimitTests<TwoSqliteNodes>(nodes);

public sealed class SharedRateLimitsOnPostgres(TwoPostgresNodes nodes) : SharedRateLimitTests<TwoPostgresNodes>(nodes);
