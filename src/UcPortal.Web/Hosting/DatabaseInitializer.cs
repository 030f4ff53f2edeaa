using UcPortal.Web.Features.Help;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Features.Plans;

namespace UcPortal.Web.Hosting;

public static class DatabaseInitializer
{
    /// <summary>Applies migrations (embedded default only, see DatabaseOptions.MigrateOnStartup)
    /// and seeds reference data once the schema is current. Seeding only adds what is missing, so
    /// staff edits survive restarts.</summary>
    public static async Task InitializePortalDatabaseAsync(this WebApplication app)
    {
        var resolved = app.Services.GetRequiredService<ResolvedDatabase>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("UcPortal.Database");

        if (resolved.MigrateOnStartup)
        {
            await MigrateAsync(db);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            log.LogWarning("The database has {Count} pending migrations ({First} …). Run the 'migrate' command; seeding skipped.", pending.Count, pending[0]);
            return;
        }
        await SeedAsync(scope.ServiceProvider);
    }

    public static async Task MigrateAsync(PortalDbContext db)
    {
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    public static async Task SeedAsync(IServiceProvider services)
    {
        await services.GetRequiredService<PlanCatalogSeeder>().SeedAsync();
        await services.GetRequiredService<NumberInventorySeeder>().SeedAsync();
        await services.GetRequiredService<HelpArticleSeeder>().SeedAsync();
        await services.GetRequiredService<Features.Usage.CallRateSeeder>().SeedAsync();
    }
}
