using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx;

namespace UcPortal.Tests.Hosting;

/// <summary>A fresh data folder and no configuration: the portal creates its database, answers,
/// and serves the top-level wwwroot.</summary>
public sealed class StartupTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task OnAFreshDataFolder_HealthAndHomeAnswer()
    {
        using var client = portal.CreateClient();

        var health = await client.GetAsync("/health");
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await health.Content.ReadAsStringAsync());
        Assert.Contains("\"jobs-storage\":\"Healthy\"", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Start free trial", await home.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(portal.DataFolder, "ucportal.db")));
        Assert.True(File.Exists(Path.Combine(portal.DataFolder, "hangfire.db")));
    }

    [Theory]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/js/site.js", "text/javascript")]
    [InlineData("/lib/bootstrap/css/bootstrap.min.css", "text/css")]
    [InlineData("/lib/htmx/htmx.min.js", "text/javascript")]
    [InlineData("/lib/chart.js/chart.umd.min.js", "text/javascript")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task TheTopLevelWwwroot_IsServed(string path, string contentType)
    {
        using var client = portal.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task AnUnknownPage_Gets404WithTheSitesOwnPage()
    {
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSeed_HasPlansNumbersAndHelpArticles()
    {
        var (plans, numbers, countries, cities, articles) = await portal.WithDbAsync(async db => (
            await db.Plans.CountAsync(p => !p.IsTrial),
            await db.PhoneNumbers.CountAsync(),
            await db.PhoneNumbers.Select(n => n.Country).Distinct().CountAsync(),
            await db.PhoneNumbers.Select(n => n.City).Distinct().CountAsync(),
            await db.HelpArticles.CountAsync()));

        Assert.True(plans >= 3);
        Assert.InRange(numbers, 200, 1000);
        Assert.True(countries >= 5);
        Assert.True(cities >= 15);
        Assert.True(articles >= 12);
    }

    [Fact]
    public async Task DataProtectionKeys_AreKeptInTheDatabase_SoAnotherNodeCanReadSipPasswords()
    {
        string protectedPassword;
        await using (var scope = portal.Scope())
        {
            protectedPassword = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Protect("s3cret-sip-password");
        }
        Assert.True(await portal.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));

        // A second portal process on the same database: same keys, so the same secrets and cookies.
        using var secondNode = new SqlitePortalOnFolder(portal.DataFolder);
        await using var secondScope = secondNode.Scope();

        Assert.Equal("s3cret-sip-password", secondScope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Unprotect(protectedPassword));
    }
}

/// <summary>Both providers' migrations describe the current model: adding a property without
/// running migrations/add-migration.sh fails here.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void TheSqliteMigrations_MatchTheModel()
    {
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite("Data Source=:memory:", x => x.MigrationsAssembly(DatabaseProvider.SqliteMigrationsAssembly)).Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes with no SQLite migration: run migrations/add-migration.sh");
    }

    [Fact]
    public void ThePostgresMigrations_MatchTheModel()
    {
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql("Host=localhost", x => x.MigrationsAssembly(DatabaseProvider.PostgresMigrationsAssembly)).Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes with no PostgreSQL migration: run migrations/add-migration.sh");
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrations()
    {
        static IEnumerable<string> Names(DbContextOptions<PortalDbContext> o)
        {
            using var db = new PortalDbContext(o);
            return db.Database.GetMigrations().Select(m => m[15..]).ToList();
        }
        var sqlite = Names(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=:memory:", x => x.MigrationsAssembly(DatabaseProvider.SqliteMigrationsAssembly)).Options);
        var postgres = Names(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql("Host=localhost", x => x.MigrationsAssembly(DatabaseProvider.PostgresMigrationsAssembly)).Options);

        Assert.Equal(sqlite, postgres);
    }
}
