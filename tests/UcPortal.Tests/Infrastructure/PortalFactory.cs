using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;

namespace UcPortal.Tests.Infrastructure;

/// <summary>The portal in-process on a real database: a fresh SQLite folder or a fresh PostgreSQL
/// database, migrated at startup like production's first run. Hangfire's server is off: tests run
/// jobs themselves, so they see exactly one run at a time.</summary>
public abstract class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder;
    private readonly bool _ownsDataFolder;

    protected PortalFactory(string? dataFolder = null)
    {
        _ownsDataFolder = dataFolder is null;
        _dataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "ucportal-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dataFolder);
    }

    public string DataFolder => _dataFolder;

    public abstract string Provider { get; }

    /// <summary>Extra configuration a test class needs (rate limits, SendGrid address …).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["RateLimits:SignupPerIpPerHour"] = "100000",
        ["RateLimits:LoginPerIpPer5Minutes"] = "100000",
        ["RateLimits:CompareReportPerIpPerHour"] = "100000",
        ["RateLimits:NumberHoldsPerIpPer10Minutes"] = "100000",
        ["Jobs:RunServer"] = "false",
        ["Portal:StaffAlertEmails"] = "ops@ucportal.test",
        ["Portal:PublicBaseUrl"] = "http://portal.test",
    };

    /// <summary>The hosting environment; Production checks its settings strictly at startup.</summary>
    public string Environment { get; set; } = "Development";

    /// <summary>Replaces services after the app registered its own (e.g. a fake SIP core writer, a fake clock).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>Gates that make a test's requests meet at one save or command (tests of simultaneous requests).</summary>
    public Simultaneous Simultaneous { get; } = new();

    protected abstract void AddDatabaseSettings(Dictionary<string, string?> settings, string dataFolder);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        var settings = new Dictionary<string, string?>(Settings);
        AddDatabaseSettings(settings, _dataFolder);
        // Voicemail audio and greetings in the test's own folder, never under the source tree.
        settings.TryAdd("Voicemail:StorageDirectory", Path.Combine(_dataFolder, "voicemail"));
        settings.TryAdd("Voicemail:EngineDirectory", Path.Combine(_dataFolder, "media-engine"));
        settings.TryAdd("Porting:StorageDirectory", Path.Combine(_dataFolder, "porting"));
        settings.TryAdd("Compare:ReportDirectory", Path.Combine(_dataFolder, "comparison-reports"));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(s => s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(Simultaneous)));
        if (TestServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var scope = Scope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public PortalBrowser CreateBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public class SqlitePortal : PortalFactory
{
    public SqlitePortal()
    {
    }

    protected SqlitePortal(string dataFolder)
        : base(dataFolder)
    {
    }

    public override string Provider => DatabaseProvider.Sqlite;

    protected override void AddDatabaseSettings(Dictionary<string, string?> settings, string dataFolder)
    {
        settings["Database:Provider"] = DatabaseProvider.Sqlite;
        settings["Database:DataFolder"] = dataFolder;
    }
}

/// <summary>A portal on an existing data folder: a second node, or the same node restarted.</summary>
public sealed class SqlitePortalOnFolder(string dataFolder) : SqlitePortal(dataFolder);

public class PostgresPortal : PortalFactory
{
    private readonly Lazy<string> _connectionString;

    public PostgresPortal()
        : this(null)
    {
    }

    protected PostgresPortal(string? connectionString) =>
        _connectionString = new(() => connectionString ?? PostgresServer.Instance.CreateDatabase("ucportal"));

    public override string Provider => DatabaseProvider.Postgres;

    public string ConnectionString => _connectionString.Value;

    protected override void AddDatabaseSettings(Dictionary<string, string?> settings, string dataFolder)
    {
        settings["Database:Provider"] = DatabaseProvider.Postgres;
        settings["Database:ConnectionString"] = _connectionString.Value;
        settings["Database:MigrateOnStartup"] = "true";
        settings["Database:DataFolder"] = dataFolder;
    }
}

/// <summary>A portal on an existing PostgreSQL database: a second node beside another portal.</summary>
public sealed class PostgresPortalOnDatabase(string connectionString) : PostgresPortal(connectionString);
