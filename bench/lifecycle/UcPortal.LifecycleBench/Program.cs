using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.Web.Features.Numbers;

// Renewal-sweep benchmark (bench/lifecycle/run.sh):
//   seed  --data DIR --tenants N --now ISO-8601     a fresh portal database with N tenants in mixed lifecycle states
//   sweep --data DIR --now ISO-8601 [--label L] [--summary FILE] [--batch 500] [--jobs real|count]
//         runs DailyLifecycleSweep (every lifecycle job once, in order) twice, in a process of its own;
//         --jobs count replaces Hangfire's client by a counter (the sweep without the job storage)
// Not top-level statements: their generated class would be named Program, like the portal's.
internal static class LifecycleBenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("seed" or "sweep"))
        {
            Console.Error.WriteLine("usage: UcPortal.LifecycleBench seed|sweep --data DIR --now ISO [--tenants N] [--label L] [--summary FILE]");
            return 2;
        }
        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            opts[args[i].TrimStart('-')] = args[i + 1];
        }
        var data = opts["data"];
        var now = DateTime.SpecifyKind(DateTime.Parse(opts["now"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
        var batch = opts.TryGetValue("batch", out var b) ? b : "500";
        // WebApplicationFactory guesses the portal's content root from the solution folder and misses
        // src/ (as in bench/sync): tell it through the variable it reads.
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "UcPortal.sln")))
        {
            repo = repo.Parent;
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_UcPortal_Web",
            Path.Combine(repo?.FullName ?? throw new InvalidOperationException("UcPortal.sln not found above " + AppContext.BaseDirectory), "src", "UcPortal.Web"));
        // --postgres CONNECTION: the portal (and Hangfire) on that PostgreSQL database instead of SQLite in --data.
        var portal = new BenchPortal(data, now, batch, opts.GetValueOrDefault("jobs") == "count", opts.GetValueOrDefault("postgres"));
        return args[0] == "seed"
            ? await Seeder.RunAsync(portal, int.Parse(opts["tenants"], CultureInfo.InvariantCulture), now)
            : await Sweeper.RunAsync(portal, opts.GetValueOrDefault("label") ?? "", opts.GetValueOrDefault("summary"));
    }
}

/// <summary>Always the same instant, so seed and sweep agree on what is due.</summary>
internal sealed class FixedClock(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
}

/// <summary>The portal as it starts in production (SQLite in the data folder, migrations, seeds),
/// with the Hangfire server off (the sweep is run here, not picked up by a worker), a fixed clock
/// and the payment provider below.</summary>
internal sealed class BenchPortal(string dataFolder, DateTime now, string batchSize, bool countJobs, string? postgres) : WebApplicationFactory<Program>
{
    public BenchPayments Payments { get; } = new(now);

    /// <summary>With --jobs count: Hangfire's client replaced by a counter, to measure the sweep without the job storage.</summary>
    public CountingJobClient? Counter { get; } = countJobs ? new CountingJobClient() : null;

    public bool IsPostgres => postgres is not null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Database:Provider"] = postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
                     ["Database:DataFolder"] = dataFolder,
                     ["Database:ConnectionString"] = postgres ?? "",
                     // PostgreSQL is not migrated on start-up by default (an operator runs "migrate"):
                     // the bench's fresh database needs the schema, as SQLite gets it by default.
                     ["Database:MigrateOnStartup"] = "true",
                     ["Jobs:RunServer"] = "false",
                     ["Lifecycle:BatchSize"] = batchSize,
                     ["Portal:PublicBaseUrl"] = "http://portal.test",
                     ["Logging:LogLevel:Default"] = "Warning",
                     ["Logging:LogLevel:Microsoft"] = "Warning",
                 })
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(new FixedClock(now));
            s.AddSingleton<IPaymentProvider>(Payments);
            if (Counter is not null)
            {
                s.AddSingleton<IBackgroundJobClient>(Counter);
            }
        });
    }
}

/// <summary>Counts the jobs the sweep would enqueue instead of storing them.</summary>
internal sealed class CountingJobClient : IBackgroundJobClient
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public string Create(Hangfire.Common.Job job, Hangfire.States.IState state) => Interlocked.Increment(ref _count).ToString(CultureInfo.InvariantCulture);

    public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => true;
}

/// <summary>A provider whose subscriptions follow from their ids (sub_&lt;kind&gt;_&lt;n&gt;), so it
/// holds no per-tenant state that would count in the sweep's memory: "ok" active and renewing,
/// "pd" past due, "end" set to cancel at a period end that has passed (so canceled). Only the
/// subscriptions the sweep cancels are remembered.</summary>
internal sealed class BenchPayments(DateTime now) : IPaymentProvider
{
    private readonly ConcurrentDictionary<string, bool> _cancelled = new();

    public string Name => "bench";
    public bool IsTestMode => true;
    public int Calls;

    public static (DateTime Start, DateTime End) Period(string kind, DateTime now) => kind switch
    {
        "end" => (now.AddDays(-31), now.AddDays(-1)),
        "pd" => (now.AddDays(-10), now.AddDays(20)),
        _ => (now.AddDays(-10), now.AddDays(20)),
    };

    /// <summary>The customer's last paid invoice: this period's, or for a past-due subscription
    /// the period before the renewal that failed.</summary>
    public static (DateTime Created, DateTime PeriodEnd) LastPaidInvoice(string kind, DateTime now)
    {
        var (start, end) = Period(kind, now);
        return kind == "pd" ? (start.AddDays(-30), start) : (start, end);
    }

    public Task<SubscriptionSnapshot?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult<SubscriptionSnapshot?>(Snapshot(subscriptionId));
    }

    public Task<SubscriptionSnapshot> CancelNowAsync(string subscriptionId, CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        _cancelled[subscriptionId] = true;
        return Task.FromResult(Snapshot(subscriptionId));
    }

    public Task<IReadOnlyList<InvoiceSnapshot>> ListInvoicesAsync(string customerId, int limit, CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        var parts = customerId.Split('_');
        var (created, end) = LastPaidInvoice(parts[1], now);
        return Task.FromResult<IReadOnlyList<InvoiceSnapshot>>(
            [new InvoiceSnapshot($"in_{parts[1]}_{parts[2]}", customerId, $"sub_{parts[1]}_{parts[2]}", $"B-{parts[2]}", created, 2900, "usd", "paid", null, null, end, 1)]);
    }

    private SubscriptionSnapshot Snapshot(string id)
    {
        var parts = id.Split('_');
        var (start, end) = Period(parts[1], now);
        var status = _cancelled.ContainsKey(id) ? "canceled" : parts[1] switch { "pd" => "past_due", "end" => "canceled", _ => "active" };
        return new SubscriptionSnapshot(id, $"cus_{parts[1]}_{parts[2]}", null, status, "starter", 0, start, end, parts[1] == "end");
    }

    public Task<PlanSyncResult> SyncPlansAsync(IReadOnlyList<Plan> plans, CancellationToken ct) => throw new NotSupportedException();
    public Task<string> EnsureCustomerAsync(Tenant tenant, string email, CancellationToken ct) => throw new NotSupportedException();
    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct) => throw new NotSupportedException();
    public Task<string> CreateCustomerPortalUrlAsync(string customerId, string returnUrl, CancellationToken ct) => throw new NotSupportedException();
    public Task<SubscriptionSnapshot> ChangeSubscriptionAsync(string subscriptionId, Plan plan, int extraNumbers, CancellationToken ct) => throw new NotSupportedException();
    public Task<SubscriptionSnapshot> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct) => throw new NotSupportedException();
}

/// <summary>N tenants in the mix of states a day of the ladder meets, by i mod 100.</summary>
internal static class Seeder
{
    public const string Mix = """
        | share | state | what the sweep does with it |
        |---:|---|---|
        | 30 % | paid, active, renewing | reconciliation: provider read + 1 invoice recorded, no change |
        | 20 % | trial, ends in 4–13 days | nothing (reminders scan only the last 3 days) |
        | 10 % | trial, ends within 3 days | 3-day or 1-day reminder email |
        | 5 % | trial, 90 % of credit used | credit reminder email |
        | 5 % | trial, ended an hour ago | suspended, email, SIP-core sync queued |
        | 5 % | past due 1–13 days | dunning email of the latest due day; suspended if ≥ 7 days |
        | 3 % | past due 14–18 days | provider read + cancel, suspended (Cancelled), email |
        | 5 % | suspended 8–12 days, trial expired | released, number quarantined, email, sync queued |
        | 2 % | suspended 8–12 days, subscription cancelled | released, number quarantined, email, sync queued |
        | 5 % | paid, set to cancel, period ended yesterday | provider read, suspended (Cancelled), email |
        | 5 % | released 91 days ago | purged (2 extensions, 2 change records, 3 call records deleted); its old number's quarantine ended: back to the pool |
        | 5 % | released 10 days ago | nothing (number stays quarantined) |
        """;

    public static async Task<int> RunAsync(BenchPortal portal, int tenants, DateTime now)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var trialPlan = await db.Plans.Where(p => p.Code == "trial").Select(p => p.Id).SingleAsync();
        var paidPlan = await db.Plans.Where(p => p.Code == "starter").Select(p => p.Id).SingleAsync();
        var sw = Stopwatch.StartNew();
        // Plain SQL from a generated series: EF inserts one row per command, which took longer
        // than the sweep itself. Values are written the way EF Core's SQLite provider writes them
        // (enums by name, GUIDs as upper-case text, dates as "yyyy-MM-dd HH:mm:ss").
        await using var tx = await db.Database.BeginTransactionAsync();
        if (portal.IsPostgres)
        {
            foreach (var sql in PostgresStatements)
            {
                await db.Database.ExecuteSqlRawAsync(sql,
                    new Npgsql.NpgsqlParameter("n", tenants),
                    new Npgsql.NpgsqlParameter("now", now),
                    new Npgsql.NpgsqlParameter("trial", trialPlan),
                    new Npgsql.NpgsqlParameter("paid", paidPlan));
            }
            await tx.CommitAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            Console.WriteLine($"seeded {tenants:N0} tenants in {sw.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        foreach (var sql in Statements)
        {
            await db.Database.ExecuteSqlRawAsync(sql,
                new Microsoft.Data.Sqlite.SqliteParameter("@n", tenants),
                new Microsoft.Data.Sqlite.SqliteParameter("@now", now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Microsoft.Data.Sqlite.SqliteParameter("@trial", trialPlan),
                new Microsoft.Data.Sqlite.SqliteParameter("@paid", paidPlan));
        }
        await tx.CommitAsync();
        Console.WriteLine($"seeded {tenants:N0} tenants in {sw.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    // slot = i % 100 picks the state (see Mix); kind names the subscription at BenchPayments.
    private static readonly string[] Statements =
    [
        """
        CREATE TEMP TABLE seed (i INTEGER PRIMARY KEY, id TEXT NOT NULL, slot INTEGER NOT NULL, kind TEXT);
        """,
        """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @n)
        INSERT INTO seed (i, id, slot, kind)
        SELECT i,
               hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)),
               i % 100,
               CASE WHEN i % 100 < 30 THEN 'ok' WHEN i % 100 BETWEEN 70 AND 77 THEN 'pd' WHEN i % 100 BETWEEN 83 AND 89 THEN 'end' END
        FROM n;
        """,
        """
        INSERT INTO Tenants (Id, Name, SipDomain, Status, PlanId, Country, VerifiedMobileE164, CreatedAtUtc, TrialExpiresAtUtc,
            TrialCreditSeconds, UsedCreditSeconds, MaxConcurrentCalls, InternationalCallsAllowed, TimeZone, BillingCustomerId,
            CancelAtPeriodEnd, CurrentPeriodStartUtc, ExtraNumbers, PaidThroughUtc, PastDueSinceUtc, PurgedAtUtc, ReleasedAtUtc,
            SubscriptionId, SubscriptionStatus, SuspendedAtUtc, SuspensionReason)
        SELECT id, 'Bench Tenant ' || i, 'bench-' || i || '.sip.ucportal.test',
            CASE WHEN slot < 30 THEN 'Active' WHEN slot < 70 THEN 'Trial' WHEN slot < 78 THEN 'PastDue' WHEN slot < 85 THEN 'Suspended'
                 WHEN slot < 90 THEN 'Active' ELSE 'Released' END,
            CASE WHEN kind IS NULL THEN @trial ELSE @paid END,
            'US', printf('+1201555%04d', i % 10000), datetime(@now, '-40 days'),
            CASE WHEN slot BETWEEN 30 AND 49 THEN datetime(@now, printf('+%d days', 4 + slot % 10))
                 WHEN slot BETWEEN 50 AND 59 THEN datetime(@now, printf('+%d days', slot % 3), '+12 hours')
                 WHEN slot BETWEEN 60 AND 64 THEN datetime(@now, '+8 days')
                 WHEN slot BETWEEN 65 AND 69 THEN datetime(@now, '-1 hours')
                 WHEN slot BETWEEN 78 AND 82 THEN datetime(@now, '-9 days')
                 WHEN slot BETWEEN 90 AND 94 THEN datetime(@now, '-120 days')
                 WHEN slot >= 95 THEN datetime(@now, '-30 days') END,
            3600, CASE WHEN slot BETWEEN 60 AND 64 THEN 3240 ELSE 0 END, CASE WHEN kind IS NULL THEN 2 ELSE 4 END, 0, 'America/New_York',
            CASE WHEN kind IS NOT NULL THEN 'cus_' || kind || '_' || i END,
            CASE WHEN slot BETWEEN 85 AND 89 THEN 1 ELSE 0 END,
            CASE kind WHEN 'end' THEN datetime(@now, '-31 days') WHEN 'ok' THEN datetime(@now, '-10 days') WHEN 'pd' THEN datetime(@now, '-10 days') END,
            0,
            CASE kind WHEN 'end' THEN datetime(@now, '-1 days') WHEN 'ok' THEN datetime(@now, '+20 days') WHEN 'pd' THEN datetime(@now, '+20 days') END,
            CASE WHEN slot BETWEEN 70 AND 74 THEN datetime(@now, printf('-%d days', 1 + slot % 13), '-1 hours')
                 WHEN slot BETWEEN 75 AND 77 THEN datetime(@now, printf('-%d days', 14 + slot % 5)) END,
            NULL,
            CASE WHEN slot BETWEEN 90 AND 94 THEN datetime(@now, '-91 days') WHEN slot >= 95 THEN datetime(@now, '-10 days') END,
            CASE WHEN kind IS NOT NULL THEN 'sub_' || kind || '_' || i END,
            CASE WHEN kind = 'ok' THEN 'active' WHEN kind = 'pd' THEN 'past_due' WHEN slot BETWEEN 83 AND 84 THEN 'canceled' WHEN kind = 'end' THEN 'active' END,
            CASE WHEN slot BETWEEN 78 AND 84 THEN datetime(@now, printf('-%d days', 8 + slot % 5))
                 WHEN slot BETWEEN 90 AND 94 THEN datetime(@now, '-98 days') WHEN slot >= 95 THEN datetime(@now, '-17 days') END,
            CASE WHEN slot BETWEEN 78 AND 82 OR slot >= 90 THEN 'TrialExpired' WHEN slot BETWEEN 83 AND 84 THEN 'Cancelled' ELSE 'None' END
        FROM seed;
        """,
        """
        INSERT INTO AspNetUsers (Id, FullName, TenantId, TenantRole, CreatedAtUtc, UserName, NormalizedUserName, Email, NormalizedEmail,
            EmailConfirmed, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
        SELECT lower(id), 'Owner ' || i, id, 'Owner', datetime(@now, '-40 days'), 'owner' || i || '@bench.example.com', 'OWNER' || i || '@BENCH.EXAMPLE.COM',
            'owner' || i || '@bench.example.com', 'OWNER' || i || '@BENCH.EXAMPLE.COM', 1, hex(randomblob(16)), hex(randomblob(16)), 0, 0, 1, 0
        FROM seed;
        """,
        // One number each: assigned, or (released tenants) quarantined; released long ago: quarantine over.
        """
        INSERT INTO PhoneNumbers (E164, Country, Region, City, Type, Pool, Status, TenantId, AssignedAtUtc, QuarantinedUntilUtc)
        SELECT printf('+1800%07d', i), 'US', 'Bench', 'Bench', 'Local', CASE WHEN kind IS NULL THEN 'Trial' ELSE 'Paid' END,
            CASE WHEN slot < 90 THEN 'Assigned' ELSE 'Quarantined' END,
            CASE WHEN slot < 90 THEN id END,
            CASE WHEN slot < 90 THEN datetime(@now, '-40 days') END,
            CASE WHEN slot BETWEEN 90 AND 94 THEN datetime(@now, '-61 days') WHEN slot >= 95 THEN datetime(@now, '+20 days') END
        FROM seed;
        """,
        """
        INSERT INTO Extensions (Id, CreatedAtUtc, DoNotDisturb, ForwardAlways_Kind, ForwardAlways_Target, ForwardBusy_Kind, ForwardBusy_Target,
            ForwardNoAnswer_Kind, ForwardNoAnswer_Target, ForwardUnregistered_Kind, ForwardUnregistered_Target, Ha1, Name, NoAnswerSeconds,
            Number, SipPasswordProtected, SipUsername, TenantId)
        SELECT hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)),
            datetime(@now, '-40 days'), 0, 'None', '', 'None', '', 'None', '', 'None', '', '00000000000000000000000000000000',
            'Extension ' || x.n, 20, x.n, 'bench', x.n, seed.id
        FROM seed, (SELECT '100' AS n UNION ALL SELECT '101') AS x;
        """,
        // The last paid invoice: this period's, or for past-due subscriptions the period before (BenchPayments.LastPaidInvoice).
        """
        INSERT INTO BillingInvoices (ProviderInvoiceId, TenantId, Number, CreatedAtUtc, AmountCents, Currency, Status, PeriodEndUtc)
        SELECT 'in_' || kind || '_' || i, id, 'B-' || i,
            CASE kind WHEN 'ok' THEN datetime(@now, '-10 days') WHEN 'pd' THEN datetime(@now, '-40 days') ELSE datetime(@now, '-31 days') END,
            2900, 'USD', 'paid',
            CASE kind WHEN 'ok' THEN datetime(@now, '+20 days') WHEN 'pd' THEN datetime(@now, '-10 days') ELSE datetime(@now, '-1 days') END
        FROM seed WHERE kind IS NOT NULL;
        """,
        """
        INSERT INTO ConfigChanges (TenantId, Version, Description, Actor, AtUtc)
        SELECT id, v.v, 'bench change', 'bench', datetime(@now, '-40 days') FROM seed, (SELECT 1 AS v UNION ALL SELECT 2) AS v WHERE slot BETWEEN 90 AND 94;
        """,
        """
        INSERT INTO CallRecords (TenantId, SourceId, CallId, Direction, FromNumber, ToNumber, StartedAtUtc, DurationSeconds, BilledSeconds, Disposition)
        SELECT id, i * 10 + c.c, 'bench-' || i || '-' || c.c, 'Outbound', '100', '+12125550100', datetime(@now, '-39 days'), 60, 60, 'answered'
        FROM seed, (SELECT 0 AS c UNION ALL SELECT 1 UNION ALL SELECT 2) AS c WHERE slot BETWEEN 90 AND 94;
        """,
        "DROP TABLE seed;",
    ];

    // The same population on PostgreSQL (uuid ids, timestamptz, booleans; enums by name as EF Core writes them).
    private static readonly string[] PostgresStatements =
    [
        """
        CREATE TEMP TABLE seed (i integer PRIMARY KEY, id uuid NOT NULL, slot integer NOT NULL, kind text);
        """,
        """
        INSERT INTO seed (i, id, slot, kind)
        SELECT i, gen_random_uuid(), i % 100,
               CASE WHEN i % 100 < 30 THEN 'ok' WHEN i % 100 BETWEEN 70 AND 77 THEN 'pd' WHEN i % 100 BETWEEN 83 AND 89 THEN 'end' END
        FROM generate_series(0, @n - 1) AS i;
        """,
        """
        INSERT INTO "Tenants" ("Id", "Name", "SipDomain", "Status", "PlanId", "Country", "VerifiedMobileE164", "CreatedAtUtc", "TrialExpiresAtUtc",
            "TrialCreditSeconds", "UsedCreditSeconds", "MaxConcurrentCalls", "InternationalCallsAllowed", "TimeZone", "BillingCustomerId",
            "CancelAtPeriodEnd", "CurrentPeriodStartUtc", "ExtraNumbers", "PaidThroughUtc", "PastDueSinceUtc", "PurgedAtUtc", "ReleasedAtUtc",
            "SubscriptionId", "SubscriptionStatus", "SuspendedAtUtc", "SuspensionReason")
        SELECT id, 'Bench Tenant ' || i, 'bench-' || i || '.sip.ucportal.test',
            CASE WHEN slot < 30 THEN 'Active' WHEN slot < 70 THEN 'Trial' WHEN slot < 78 THEN 'PastDue' WHEN slot < 85 THEN 'Suspended'
                 WHEN slot < 90 THEN 'Active' ELSE 'Released' END,
            CASE WHEN kind IS NULL THEN @trial ELSE @paid END,
            'US', '+1201555' || lpad((i % 10000)::text, 4, '0'), @now - interval '40 days',
            CASE WHEN slot BETWEEN 30 AND 49 THEN @now + make_interval(days => 4 + slot % 10)
                 WHEN slot BETWEEN 50 AND 59 THEN @now + make_interval(days => slot % 3) + interval '12 hours'
                 WHEN slot BETWEEN 60 AND 64 THEN @now + interval '8 days'
                 WHEN slot BETWEEN 65 AND 69 THEN @now - interval '1 hour'
                 WHEN slot BETWEEN 78 AND 82 THEN @now - interval '9 days'
                 WHEN slot BETWEEN 90 AND 94 THEN @now - interval '120 days'
                 WHEN slot >= 95 THEN @now - interval '30 days' END,
            3600, CASE WHEN slot BETWEEN 60 AND 64 THEN 3240 ELSE 0 END, CASE WHEN kind IS NULL THEN 2 ELSE 4 END, false, 'America/New_York',
            CASE WHEN kind IS NOT NULL THEN 'cus_' || kind || '_' || i END,
            slot BETWEEN 85 AND 89,
            CASE kind WHEN 'end' THEN @now - interval '31 days' WHEN 'ok' THEN @now - interval '10 days' WHEN 'pd' THEN @now - interval '10 days' END,
            0,
            CASE kind WHEN 'end' THEN @now - interval '1 day' WHEN 'ok' THEN @now + interval '20 days' WHEN 'pd' THEN @now + interval '20 days' END,
            CASE WHEN slot BETWEEN 70 AND 74 THEN @now - make_interval(days => 1 + slot % 13) - interval '1 hour'
                 WHEN slot BETWEEN 75 AND 77 THEN @now - make_interval(days => 14 + slot % 5) END,
            NULL,
            CASE WHEN slot BETWEEN 90 AND 94 THEN @now - interval '91 days' WHEN slot >= 95 THEN @now - interval '10 days' END,
            CASE WHEN kind IS NOT NULL THEN 'sub_' || kind || '_' || i END,
            CASE WHEN kind = 'ok' THEN 'active' WHEN kind = 'pd' THEN 'past_due' WHEN slot BETWEEN 83 AND 84 THEN 'canceled' WHEN kind = 'end' THEN 'active' END,
            CASE WHEN slot BETWEEN 78 AND 84 THEN @now - make_interval(days => 8 + slot % 5)
                 WHEN slot BETWEEN 90 AND 94 THEN @now - interval '98 days' WHEN slot >= 95 THEN @now - interval '17 days' END,
            CASE WHEN slot BETWEEN 78 AND 82 OR slot >= 90 THEN 'TrialExpired' WHEN slot BETWEEN 83 AND 84 THEN 'Cancelled' ELSE 'None' END
        FROM seed;
        """,
        """
        INSERT INTO "AspNetUsers" ("Id", "FullName", "TenantId", "TenantRole", "CreatedAtUtc", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
            "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
        SELECT id::text, 'Owner ' || i, id, 'Owner', @now - interval '40 days', 'owner' || i || '@bench.example.com', 'OWNER' || i || '@BENCH.EXAMPLE.COM',
            'owner' || i || '@bench.example.com', 'OWNER' || i || '@BENCH.EXAMPLE.COM', true, md5(random()::text), md5(random()::text), false, false, true, 0
        FROM seed;
        """,
        """
        INSERT INTO "PhoneNumbers" ("E164", "Country", "Region", "City", "Type", "Pool", "Status", "TenantId", "AssignedAtUtc", "QuarantinedUntilUtc")
        SELECT '+1800' || lpad(i::text, 7, '0'), 'US', 'Bench', 'Bench', 'Local', CASE WHEN kind IS NULL THEN 'Trial' ELSE 'Paid' END,
            CASE WHEN slot < 90 THEN 'Assigned' ELSE 'Quarantined' END,
            CASE WHEN slot < 90 THEN id END,
            CASE WHEN slot < 90 THEN @now - interval '40 days' END,
            CASE WHEN slot BETWEEN 90 AND 94 THEN @now - interval '61 days' WHEN slot >= 95 THEN @now + interval '20 days' END
        FROM seed;
        """,
        """
        INSERT INTO "Extensions" ("Id", "CreatedAtUtc", "DoNotDisturb", "ForwardAlways_Kind", "ForwardAlways_Target", "ForwardBusy_Kind", "ForwardBusy_Target",
            "ForwardNoAnswer_Kind", "ForwardNoAnswer_Target", "ForwardUnregistered_Kind", "ForwardUnregistered_Target", "Ha1", "Name", "NoAnswerSeconds",
            "Number", "SipPasswordProtected", "SipUsername", "TenantId")
        SELECT gen_random_uuid(), @now - interval '40 days', false, 'None', '', 'None', '', 'None', '', 'None', '', '00000000000000000000000000000000',
            'Extension ' || x.n, 20, x.n, 'bench', x.n, seed.id
        FROM seed, (VALUES ('100'), ('101')) AS x(n);
        """,
        """
        INSERT INTO "BillingInvoices" ("ProviderInvoiceId", "TenantId", "Number", "CreatedAtUtc", "AmountCents", "Currency", "Status", "PeriodEndUtc")
        SELECT 'in_' || kind || '_' || i, id, 'B-' || i,
            CASE kind WHEN 'ok' THEN @now - interval '10 days' WHEN 'pd' THEN @now - interval '40 days' ELSE @now - interval '31 days' END,
            2900, 'USD', 'paid',
            CASE kind WHEN 'ok' THEN @now + interval '20 days' WHEN 'pd' THEN @now - interval '10 days' ELSE @now - interval '1 day' END
        FROM seed WHERE kind IS NOT NULL;
        """,
        """
        INSERT INTO "ConfigChanges" ("TenantId", "Version", "Description", "Actor", "AtUtc")
        SELECT id, v, 'bench change', 'bench', @now - interval '40 days' FROM seed, (VALUES (1), (2)) AS v(v) WHERE slot BETWEEN 90 AND 94;
        """,
        """
        INSERT INTO "CallRecords" ("TenantId", "SourceId", "CallId", "Direction", "FromNumber", "ToNumber", "StartedAtUtc", "DurationSeconds", "BilledSeconds", "Disposition")
        SELECT id, i * 10 + c, 'bench-' || i || '-' || c, 'Outbound', '100', '+12125550100', @now - interval '39 days', 60, 60, 'answered'
        FROM seed, (VALUES (0), (1), (2)) AS c(c) WHERE slot BETWEEN 90 AND 94;
        """,
        "DROP TABLE seed;",
    ];
}

internal static class Sweeper
{
    public static async Task<int> RunAsync(BenchPortal portal, string label, string? summary)
    {
        var startup = Stopwatch.StartNew();
        SqlCommands.Listen();
        _ = portal.Services; // starts the host: migrations are already applied, seeds are no-ops
        Console.WriteLine($"portal started in {startup.ElapsedMilliseconds} ms");
        var storage = portal.Services.GetRequiredService<JobStorage>();

        // What one Hangfire enqueue costs here (the sweep enqueues a SIP-core sync per changed
        // tenant and a send per email): 100 enqueues of a job no server will run.
        var client = new BackgroundJobClient(storage);
        var probe = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            client.Enqueue<NumberQuarantineJob>(j => j.RunAsync(CancellationToken.None));
        }
        var enqueueMs = probe.Elapsed.TotalMilliseconds / 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one Hangfire enqueue ({(portal.IsPostgres ? "PostgreSQL" : "SQLite")} storage): {enqueueMs:F1} ms"));
        long EnqueuedJobs() => portal.Counter?.Count ?? storage.GetMonitoringApi().EnqueuedCount("default");
        var tenants = await CountAsync(portal, db => db.Tenants.CountAsync());
        var before = await StatesAsync(portal);
        var baselineWs = Process.GetCurrentProcess().WorkingSet64;

        var sb = new StringBuilder();
        var totals = new List<string>();
        for (var pass = 1; pass <= 2; pass++)
        {
            var jobsBefore = EnqueuedJobs();
            var emailsBefore = await CountAsync(portal, db => db.OutboxEmails.CountAsync());
            var eventsBefore = await CountAsync(portal, db => db.TenantEvents.CountAsync());
            var callsBefore = portal.Payments.Calls;
            using var sampler = new PeakSampler();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var total = Stopwatch.StartNew();
            var steps = new List<(string Id, double Ms, long Sql, double Cpu)>();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var pgCpuBefore = PostgresCpu.Seconds();
            int count;
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                count = scope.ServiceProvider.GetRequiredService<DailyLifecycleSweep>().Steps.Count;
            }
            for (var i = 0; i < count; i++)
            {
                // A scope per job, as Hangfire gives each run.
                await using var scope = portal.Services.CreateAsyncScope();
                var (id, run) = scope.ServiceProvider.GetRequiredService<DailyLifecycleSweep>().Steps[i];
                var sw = Stopwatch.StartNew();
                var sqlBefore = SqlCommands.Count;
                var stepCpu = Process.GetCurrentProcess().TotalProcessorTime;
                await run(CancellationToken.None);
                steps.Add((id, sw.Elapsed.TotalMilliseconds, SqlCommands.Count - sqlBefore, (Process.GetCurrentProcess().TotalProcessorTime - stepCpu).TotalSeconds));
            }
            total.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var pgCpu = PostgresCpu.Seconds() - pgCpuBefore;
            var peak = sampler.Stop();
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var jobs = EnqueuedJobs() - jobsBefore;
            var emails = await CountAsync(portal, db => db.OutboxEmails.CountAsync()) - emailsBefore;
            var events = await CountAsync(portal, db => db.TenantEvents.CountAsync()) - eventsBefore;
            var calls = portal.Payments.Calls - callsBefore;
            var stepTimes = string.Join(" · ", steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Id} {s.Ms / 1000:F1} s/{s.Cpu:F1} cpu s/{s.Sql:N0} sql")));
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {pass} | {tenants:N0} | {total.Elapsed.TotalSeconds:F1} | {cpu:F1} | {(pgCpu is { } pc ? pc.ToString("F1", CultureInfo.InvariantCulture) : "—")} | {tenants / total.Elapsed.TotalSeconds:N0} | {peak / 1048576.0:F0} | {allocated / 1048576.0:N0} | {steps.Sum(x => x.Sql):N0} | {events:N0} | {emails:N0} | {jobs:N0} | {calls:N0} | {stepTimes} |");
            Console.WriteLine(line);
            totals.Add(line);
        }
        var after = await StatesAsync(portal);
        Console.WriteLine($"baseline working set before the sweep: {baselineWs / 1048576.0:F0} MB; process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
        Console.WriteLine($"states before: {before}");
        Console.WriteLine($"states after:  {after}");
        if (summary is not null)
        {
            File.AppendAllLines(summary, totals);
            File.AppendAllText(summary.Replace(".rows", ".states"), string.Create(CultureInfo.InvariantCulture,
                $"{label}: before {before}; after {after}; working set before the sweep {baselineWs / 1048576.0:F0} MB, process peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB; one Hangfire enqueue {enqueueMs:F1} ms\n"));
        }
        return 0;
    }

    private static async Task<T> CountAsync<T>(BenchPortal portal, Func<PortalDbContext, Task<T>> read)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static Task<string> StatesAsync(BenchPortal portal) => CountAsync(portal, async db =>
    {
        var tenants = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync();
        var numbers = await db.PhoneNumbers.Where(n => n.Region == "Bench").GroupBy(n => n.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync();
        return string.Join(", ", tenants.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.N}")) + "; numbers " +
               string.Join(", ", numbers.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.N}"));
    });

    /// <summary>The process's working set, sampled every 20 ms while the sweep runs.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peak;

        public PeakSampler() => _loop = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                self.Refresh();
                _peak = Math.Max(_peak, self.WorkingSet64);
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        public long Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            return _peak;
        }

        public void Dispose() => _stop.Dispose();
    }
}

/// <summary>Counts the SQL commands EF Core executes in this process (its DiagnosticListener's
/// CommandExecuted and CommandError events): the round trips the sweep makes to the database.</summary>
internal static class SqlCommands
{
    private static long _count;
    public static long Count => Interlocked.Read(ref _count);

    public static void Listen() => DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
    {
        if (listener.Name == "Microsoft.EntityFrameworkCore")
        {
            listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
            {
                if (e.Key is "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" or "Microsoft.EntityFrameworkCore.Database.Command.CommandError")
                {
                    Interlocked.Increment(ref _count);
                }
            }), name => name is "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" or "Microsoft.EntityFrameworkCore.Database.Command.CommandError");
        }
    }));

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(T value) => next(value);
    }
}

/// <summary>CPU seconds (user + system) of the PostgreSQL server the bench started: its postmaster
/// (pid in LCBENCH_PG_PID), the children it already reaped and those still running. Null without it.</summary>
internal static class PostgresCpu
{
    public static double? Seconds()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("LCBENCH_PG_PID"), out var postmaster))
        {
            return null;
        }
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // Fields after the command name "(...)": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based overall.
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ppid = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (pid == postmaster)
            {
                ticks += long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
                       + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
            }
            else if (ppid == postmaster)
            {
                ticks += long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
            }
        }
        return ticks / 100.0; // USER_HZ
    }
}
