namespace UcPortal.Web.Hosting;

public static class DataSetup
{
    public static void AddPortalData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var resolved = ResolveDatabase(options, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(resolved);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddDbContext<PortalDbContext>((services, db) =>
        {
            // Cached public pages showing plans or help articles are evicted when those change.
            if (services.GetService<PublicPageCacheInvalidation>() is { } invalidation)
            {
                db.AddInterceptors(invalidation);
            }
            if (resolved.IsPostgres)
            {
                db.UseNpgsql(resolved.ConnectionString, x => x.MigrationsAssembly(DatabaseProvider.PostgresMigrationsAssembly));
            }
            else
            {
                db.UseSqlite(resolved.ConnectionString, x => x.MigrationsAssembly(DatabaseProvider.SqliteMigrationsAssembly));
            }
        });
        // Every writer commits through it (docs/architecture.md).
        builder.Services.AddScoped<Features.Shared.PortalUnitOfWork>();

        // Keys in the portal's database, encrypted with a certificate in Production.
        builder.AddPortalDataProtection();
    }

    internal static ResolvedDatabase ResolveDatabase(DatabaseOptions options, string contentRoot)
    {
        if (string.Equals(options.Provider, DatabaseProvider.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but Database:ConnectionString is empty.");
            }
            return new ResolvedDatabase(DatabaseProvider.Postgres, options.ConnectionString, null, options.MigrateOnStartup ?? false);
        }
        if (!string.Equals(options.Provider, DatabaseProvider.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }

        var folder = Path.GetFullPath(Path.IsPathRooted(options.DataFolder) ? options.DataFolder : Path.Combine(contentRoot, options.DataFolder));
        Directory.CreateDirectory(folder);
        var cs = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"Data Source={Path.Combine(folder, "ucportal.db")};Cache=Shared;Pooling=True;Default Timeout=30"
            : options.ConnectionString;
        return new ResolvedDatabase(DatabaseProvider.Sqlite, cs, folder, options.MigrateOnStartup ?? true);
    }
}

/// <summary>The database the portal uses after configuration is read.</summary>
public sealed record ResolvedDatabase(string Provider, string ConnectionString, string? DataFolder, bool MigrateOnStartup)
{
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;
}
