using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Numbers;

// Number inventory browser benchmark (bench/numbers/run.sh):
//   UcPortal.NumbersBench --conn CS [--numbers 1000000] [--runs 50] [--summary FILE]
// Boots the portal in-process on the given (empty) PostgreSQL database, which applies the migrations,
// seeds N numbers (50 cities in 10 countries, interleaved over the E.164 range; 2/3 paid, 1/3 trial;
// 70 % available, 25 % assigned, 4.9 % quarantined, 0.1 % retired) with batched INSERT … SELECT
// generate_series, then times NumberInventoryBrowser.PageAsync (one page of 50 + the "more?" row).
internal static class NumbersBenchMain
{
    private static readonly string[] Countries = ["GB", "US", "DE", "FR", "NL", "AU", "CA", "ES", "IT", "IE"];

    public static async Task<int> Main(string[] args)
    {
        var opts = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        var conn = opts["conn"];
        var count = int.Parse(opts.GetValueOrDefault("numbers", "1000000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(opts.GetValueOrDefault("runs", "50"), CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProvider.Postgres,
            ["Database:ConnectionString"] = conn,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:DataFolder"] = Path.Combine(Path.GetTempPath(), "ucportal-numbersbench-" + Guid.NewGuid().ToString("N")[..8]),
            ["Jobs:RunServer"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        };
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "UcPortal.sln")))
        {
            repo = repo.Parent;
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_UcPortal_Web", Path.Combine(repo!.FullName, "src", "UcPortal.Web"));
        var portal = new BenchPortal(settings);
        using (portal.CreateClient())
        {
            // Started: migrations applied, plans and the sample inventory seeded.
        }

        var seed = Stopwatch.StartNew();
        await SeedAsync(conn, count);
        Console.WriteLine($"seeded {count:N0} numbers in {seed.Elapsed.TotalSeconds:F1} s");

        var rnd = new Random(42);
        string Middle() => E164(rnd.Next(1, count + 1));
        string City() { var c = rnd.Next(50); return $"City {c}"; }
        string CountryOf(string city) => Countries[int.Parse(city[5..], CultureInfo.InvariantCulture) % Countries.Length];
        var kinds = new (string Kind, Func<NumberFilter> Filter)[]
        {
            ("no filter, first page", () => new NumberFilter()),
            ("no filter, page after a random number (deep page)", () => new NumberFilter { After = Middle() }),
            ("no filter, page before a random number (Previous)", () => new NumberFilter { Before = Middle() }),
            ("country (10 %)", () => new NumberFilter { Country = Countries[rnd.Next(Countries.Length)] }),
            ("country + city (2 %), deep page", () => { var c = City(); return new NumberFilter { Country = CountryOf(c), City = c, After = Middle() }; }),
            ("pool = trial", () => new NumberFilter { Pool = NumberPool.Trial }),
            ("status = available, deep page", () => new NumberFilter { Status = NumberStatus.Available, After = Middle() }),
            ("status = quarantined (4.9 %)", () => new NumberFilter { Status = NumberStatus.Quarantined }),
            ("status = retired (0.1 %), deep page", () => new NumberFilter { Status = NumberStatus.Retired, After = Middle() }),
            ("pool = trial + status = quarantined (1.6 %)", () => new NumberFilter { Pool = NumberPool.Trial, Status = NumberStatus.Quarantined }),
            ("city + pool + status = available", () => { var c = City(); return new NumberFilter { Country = CountryOf(c), City = c, Pool = NumberPool.Paid, Status = NumberStatus.Available }; }),
            ("city + status = retired (0.002 %: worst case)", () => { var c = City(); return new NumberFilter { Country = CountryOf(c), City = c, Status = NumberStatus.Retired }; }),
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{count:N0} numbers, {runs} pages per kind after 5 warm-up, ms per NumberInventoryBrowser.PageAsync (50 rows + 1, keyset on E164, tenant name joined).");
        report.AppendLine();
        report.AppendLine("| filter | p50 ms | p95 ms | max ms | rows (last) | plan |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (kind, make) in kinds)
        {
            var times = new List<double>();
            InventoryPage? last = null;
            NumberFilter? lastFilter = null;
            for (var i = 0; i < runs + 5; i++)
            {
                var filter = make();
                await using var scope = portal.Services.CreateAsyncScope();
                var browser = scope.ServiceProvider.GetRequiredService<NumberInventoryBrowser>();
                var sw = Stopwatch.StartNew();
                last = await browser.PageAsync(filter, default);
                sw.Stop();
                lastFilter = filter;
                if (i >= 5)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            var plan = await PlanAsync(portal, lastFilter!);
            times.Sort();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {Pct(times, 0.5):F1} | {Pct(times, 0.95):F1} | {times[^1]:F1} | {last!.Rows.Count} | {plan} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        if (opts.TryGetValue("summary", out var summary))
        {
            await File.WriteAllTextAsync(summary, report.ToString());
        }
        return 0;
    }

    private static string E164(int g) => "+99" + (1_000_000_000L + g).ToString(CultureInfo.InvariantCulture);

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The index the planner picks for the page query, read from EXPLAIN of the same SQL the
    /// browser sends (EF's command for the same filter).</summary>
    private static async Task<string> PlanAsync(BenchPortal portal, NumberFilter filter)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var cmd = NumberInventoryBrowser.PageQuery(db, filter).CreateDbCommand();
        cmd.CommandText = "EXPLAIN " + cmd.CommandText;
        var lines = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        var text = string.Join("\n", lines);
        var indexes = System.Text.RegularExpressions.Regex.Matches(text, "(?:using|Bitmap Index Scan on) (\"IX_PhoneNumbers\\w+\"|\"PK_PhoneNumbers\")").Select(m => m.Groups[1].Value).Distinct().ToList();
        var seq = text.Contains("Seq Scan on \"PhoneNumbers\"", StringComparison.Ordinal) ? "SEQ SCAN " : "";
        return seq + (indexes.Count == 0 ? "" : string.Join(", ", indexes));
    }

    /// <summary>Inserts the numbers in batches of 50,000 with INSERT … SELECT FROM generate_series.</summary>
    private static async Task SeedAsync(string conn, int count)
    {
        await using var connection = new NpgsqlConnection(conn);
        await connection.OpenAsync();
        var countries = string.Join(",", Countries.Select(c => $"'{c}'"));
        for (var from = 1; from <= count; from += 50_000)
        {
            var to = Math.Min(count, from + 49_999);
            // Status by g % 1000: 0 retired, 1–49 quarantined, 50–299 assigned, else available.
            var sql = $"""
                INSERT INTO "PhoneNumbers" ("E164", "Country", "Region", "City", "Type", "Pool", "Status", "TenantId", "AssignedAtUtc", "QuarantinedUntilUtc", "MonthlyCostCents")
                SELECT '+99' || (1000000000 + g), (ARRAY[{countries}])[(g % 50) % 10 + 1], 'Region ' || (g % 50), 'City ' || (g % 50),
                       CASE WHEN g % 97 = 0 THEN 'TollFree' ELSE 'Local' END,
                       CASE WHEN g % 3 = 0 THEN 'Trial' ELSE 'Paid' END,
                       CASE WHEN g % 1000 = 0 THEN 'Retired' WHEN g % 1000 < 50 THEN 'Quarantined' WHEN g % 1000 < 300 THEN 'Assigned' ELSE 'Available' END,
                       NULL, NULL,
                       CASE WHEN g % 1000 > 0 AND g % 1000 < 50 THEN now() + interval '20 days' ELSE NULL END,
                       100 + g % 150
                FROM generate_series({from}, {to}) g
                """;
            await using var insert = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await insert.ExecuteNonQueryAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE \"PhoneNumbers\"", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}

internal sealed class BenchPortal(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
