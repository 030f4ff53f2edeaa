using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Dashboard;

/// <summary>Counts the database commands each request runs, by request (the HttpContext the command
/// runs under), so background work of the same portal is not counted.</summary>
public sealed class CommandsPerRequest(IHttpContextAccessor http) : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byRequest = new();

    public IReadOnlyList<string> Of(string requestId) => _byRequest.TryGetValue(requestId, out var q) ? [.. q] : [];

    private void Count(DbCommand command)
    {
        if (http.HttpContext?.Response.Headers["X-Test-Request"].ToString() is { Length: > 0 } id)
        {
            _byRequest.GetOrAdd(id, _ => new()).Enqueue(command.CommandText);
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }
}

public class DashboardPortal<TPortal> : IDisposable where TPortal : PortalFactory, new()
{
    public DashboardPortal() => Portal.TestServices = s =>
    {
        s.AddHttpContextAccessor();
        s.AddSingleton<CommandsPerRequest>();
        s.ConfigureDbContext<PortalDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<CommandsPerRequest>()));
        // Names each request so the interceptor can tell whose commands it sees.
        s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TagRequests>();
    };

    public TPortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

public sealed class TagRequests : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (HttpContext context, Func<Task> nextMiddleware) =>
        {
            if (context.Request.Headers["X-Test-Request"].ToString() is { Length: > 0 } id)
            {
                context.Response.Headers["X-Test-Request"] = id;
            }
            await nextMiddleware();
        });
        next(app);
    };
}

public sealed class SqliteDashboardPortal : DashboardPortal<SqlitePortal>;

public sealed class PostgresDashboardPortal : DashboardPortal<PostgresPortal>;

/// <summary>The signed-in dashboard is the page customers open most: it reads the user with their tenant
/// and plan in one query, the tenant's extensions, unheard voicemail and fraud flag in a second, its
/// numbers in a third, and the guides' titles from the help cache (decision 035). Nothing per tenant is
/// cached, so a change shows on the next request; a help change evicts the cached titles.</summary>
public abstract class DashboardQueriesTests<TPortal>(DashboardPortal<TPortal> fixture) where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    private async Task<(string Html, IReadOnlyList<string> Commands)> DashboardAsync(TenantOwner owner)
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Add("X-Test-Request", id);
        using var response = await owner.Browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Portal.Services.GetRequiredService<CommandsPerRequest>().Of(id));
    }

    [Fact]
    public async Task TheDashboard_RunsThreeQueries_OnceTheGuidesAreCached()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        await DashboardAsync(owner);

        var (html, commands) = await DashboardAsync(owner);

        Assert.Contains("id=\"sip-domain\"", html);
        Assert.True(commands.Count == 3, $"{commands.Count} commands:\n" + string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task AChangeShowsAtOnce_AnExtensionRenamed_AGuideRetitled_AFraudFlagRaised()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        var (before, _) = await DashboardAsync(owner);
        Assert.DoesNotContain("Front desk renamed", before);
        Assert.DoesNotContain("id=\"fraud-notice\"", before);

        var slug = "make-your-first-test-call";
        var title = await Portal.WithDbAsync(db => db.HelpArticles.Where(a => a.Slug == slug).Select(a => a.Title).SingleAsync());
        Assert.Contains(title, before);
        try
        {
            await Portal.WithDbAsync(async db =>
            {
                var extension = await db.Extensions.OrderBy(e => e.Number).FirstAsync(e => e.TenantId == owner.TenantId);
                extension.Name = "Front desk renamed";
                (await db.HelpArticles.SingleAsync(a => a.Slug == slug)).Title = "Your first call, retitled";
                db.FraudFlags.Add(new FraudFlag { TenantId = owner.TenantId, Rule = UcPortal.Web.Features.Fraud.FraudRules.ShortCalls, Detail = "25 of 25 calls were short", RaisedAtUtc = DateTime.UtcNow });
                return await db.SaveChangesAsync();
            });

            var (after, _) = await DashboardAsync(owner);
            Assert.Contains("Front desk renamed", after);
            Assert.Contains("Your first call, retitled", after);
            Assert.Contains("id=\"fraud-notice\"", after);
        }
        finally
        {
            await Portal.WithDbAsync(async db =>
            {
                (await db.HelpArticles.SingleAsync(a => a.Slug == slug)).Title = title;
                return await db.SaveChangesAsync();
            });
        }
    }
}

public sealed class DashboardQueriesTestsOnSqlite(SqliteDashboardPortal fixture)
    : DashboardQueriesTests<SqlitePortal>(fixture), IClassFixture<SqliteDashboardPortal>;

public sealed class DashboardQueriesTestsOnPostgres(PostgresDashboardPortal fixture)
    : DashboardQueriesTests<PostgresPortal>(fixture), IClassFixture<PostgresDashboardPortal>;
