using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace UcPortal.Web.Hosting;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server in this process. Integration tests turn it off and run jobs directly.</summary>
    public bool RunServer { get; set; } = true;
    public int WorkerCount { get; set; } = 4;
}

public static class JobsSetup
{
    public static void AddPortalJobs(this WebApplicationBuilder builder)
    {
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        // The storage is a DI singleton built from this host's own database settings, not
        // Hangfire's process-wide JobStorage.Current, so several hosts in one process (tests)
        // never share a queue by accident.
        builder.Services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<ResolvedDatabase>()));
        // Likewise the job activator, which builds each job in a DI scope. AddHangfire would register
        // "JobActivator.Current when first asked", a process-wide value that every host's configuration
        // overwrites with its own: with two hosts in one process (the end-to-end suite), a host's
        // server could build its jobs in the other host's container, on the other's database.
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        JobTelemetry.RegisterOnce();
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer((sp, o) =>
            {
                o.Activator = sp.GetRequiredService<JobActivator>();
                o.WorkerCount = Math.Max(1, jobs.WorkerCount);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
    }

    private static JobStorage CreateStorage(ResolvedDatabase db)
    {
        if (db.IsPostgres)
        {
            // Settings that recovered from a kill -9 in about 30 s with no duplicates (shared/PLATFORM.md).
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                InvisibilityTimeout = TimeSpan.FromSeconds(30),
                UseSlidingInvisibilityTimeout = true,
                DistributedLockTimeout = TimeSpan.FromSeconds(30),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(db.ConnectionString, options), options);
        }

        // Hangfire keeps its own SQLite file next to the portal's, so its polling never takes the portal's write lock.
        var path = Path.Combine(db.DataFolder!, "hangfire.db");
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            // Confirmation → credentials is mostly queue wait (bench/README.md): poll often, it is one cheap query.
            QueuePollInterval = TimeSpan.FromMilliseconds(200),
            // A job held by a killed process is picked up again after this; longer than any job we run.
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        });
    }

    public static void MapPortalJobsDashboard(this WebApplication app)
    {
        // Only staff with the Admin role: the policy runs before Hangfire's own filters, which we empty
        // (Hangfire's default would allow local requests only, whoever makes them).
        app.MapHangfireDashboardWithAuthorizationPolicy(AuthorizationPolicies.Admin, "/admin/jobs", new DashboardOptions
        {
            Authorization = [],
            AppPath = "/admin",
            DashboardTitle = "UcPortal jobs",
            DisplayStorageConnectionString = false,
        });
    }
}
