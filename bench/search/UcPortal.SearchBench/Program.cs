using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UcPortal.Data;
using UcPortal.Web.Features.CustomerSearch;

// Staff customer search benchmark (bench/search/run.sh):
//   UcPortal.SearchBench --conn CS [--tenants 100000] [--runs 50] [--summary FILE]
// Boots the portal in-process on the given (empty) PostgreSQL database, which applies the migrations,
// seeds N tenants with an owner and a number each in batched INSERT … SELECT generate_series statements,
// then times TenantSearch.RunAsync (count + page + the page's numbers) per kind of query.
internal static class SearchBenchMain
{
    private static readonly string[] First = ["grace", "ada", "alan", "edsger", "barbara", "donald", "margaret", "linus", "ken", "dennis", "frances", "john", "radia", "tim", "vint", "leslie"];
    private static readonly string[] Last = ["hopper", "lovelace", "turing", "dijkstra", "liskov", "knuth", "hamilton", "torvalds", "thompson", "ritchie", "allen", "backus", "perlman", "berners", "cerf", "lamport", "wirth", "kay", "hoare", "milner"];
    private static readonly string[] Adjectives = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Adventure", "Litware", "Proseware", "Alpine", "Coho", "Blue Yonder", "Humongous", "Lucerne", "Margie's", "Trey", "Woodgrove"];
    private static readonly string[] Nouns = ["Traders", "Systems", "Dental", "Logistics", "Legal", "Motors", "Bakery", "Surveyors", "Plumbing", "Accountants", "Estates", "Clinic"];

    public static async Task<int> Main(string[] args)
    {
        var opts = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
        var conn = opts["conn"];
        var tenants = int.Parse(opts.GetValueOrDefault("tenants", "100000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(opts.GetValueOrDefault("runs", "50"), CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProvider.Postgres,
            ["Database:ConnectionString"] = conn,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:DataFolder"] = Path.Combine(Path.GetTempPath(), "ucportal-searchbench-" + Guid.NewGuid().ToString("N")[..8]),
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
            // Started: migrations applied, plans and the number inventory seeded.
        }

        var seed = Stopwatch.StartNew();
        await SeedAsync(portal, conn, tenants);
        Console.WriteLine($"seeded {tenants} tenants in {seed.Elapsed.TotalSeconds:F1} s");

        var rnd = new Random(42);
        int G() => rnd.Next(1, tenants + 1);
        var kinds = new (string Kind, Func<string> Query)[]
        {
            ("list (no query), page 1", () => ""),
            ("list (no query), page 20", () => "#page20"),
            ("email, part (\"hopper123@\")", () => { var g = G(); return $"{Last[g % Last.Length]}{g}@"; }),
            ("person name (\"Grace Hopper\", ~1.25 % match)", () => { var g = G(); return $"{First[g % First.Length]} {Last[g % Last.Length]}"; }),
            ("company, part (\"Traders 1234\")", () => { var g = G(); return $"{Nouns[g % Nouns.Length]} {g}"; }),
            ("company, common word (\"dental\", ~8 % match)", () => Nouns[rnd.Next(Nouns.Length)].ToLowerInvariant()),
            ("phone, national (\"020 7100 1234\")", () => { var n = 1_000_000 + G(); return $"020 7{n.ToString()[..3]} {n.ToString()[3..]}"; }),
            ("phone, +44 (\"+44 20 7100 1234\")", () => { var n = 1_000_000 + G(); return $"+44 20 7{n.ToString()[..3]} {n.ToString()[3..]}"; }),
            ("phone, 0044 (\"00442071001234\")", () => $"0044207{1_000_000 + G()}"),
            ("signup mobile (\"07700 012345\")", () => $"07700 {G():000000}"),
            ("SIP domain, beginning (\"co1234.pbx\")", () => $"co{G()}.pbx"),
            ("Stripe customer id, whole", () => StripeId(G())),
            ("three common letters (\"ers\": worst case)", () => "ers"),
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{tenants:N0} tenants (+ an owner and a number each), {runs} searches per kind after 5 warm-up, ms per TenantSearch.RunAsync (count ≤ 1,001 + page of 50 + its numbers).");
        report.AppendLine();
        report.AppendLine("| query | p50 ms | p95 ms | max ms | matches (last) | plan: seq scan on Tenants/AspNetUsers? |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (kind, query) in kinds)
        {
            var times = new List<double>();
            TenantSearchResult? last = null;
            string? lastQuery = null;
            for (var i = 0; i < runs + 5; i++)
            {
                var q = query();
                var page = q == "#page20" ? 20 : 1;
                q = q == "#page20" ? "" : q;
                await using var scope = portal.Services.CreateAsyncScope();
                var search = scope.ServiceProvider.GetRequiredService<TenantSearch>();
                var sw = Stopwatch.StartNew();
                last = await search.RunAsync(q, null, page, default);
                sw.Stop();
                lastQuery = q;
                // Numbers, mobiles, domains and Stripe ids are unique in the seed: exactly one tenant each.
                var unique = kind.StartsWith("phone") || kind.StartsWith("signup") || kind.StartsWith("SIP") || kind.StartsWith("Stripe");
                if (last.Error is not null || last.Tenants.Count == 0 || (unique && last.Total != 1))
                {
                    throw new InvalidOperationException($"{kind}: unexpected result for \"{q}\": {last.Error} total={last.Total}");
                }
                if (i >= 5)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            var seqScan = await SeqScanAsync(portal, lastQuery!);
            times.Sort();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {Pct(times, 0.5):F1} | {Pct(times, 0.95):F1} | {times[^1]:F1} | {(last!.TotalIsCapped ? "> 1,000" : last.Total.ToString("N0", CultureInfo.InvariantCulture))} | {seqScan} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        if (opts.TryGetValue("summary", out var summary))
        {
            await File.WriteAllTextAsync(summary, report.ToString());
        }
        return 0;
    }

    private static string StripeId(int g) => "cus_B" + g.ToString("x8", CultureInfo.InvariantCulture);

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<string> SeqScanAsync(BenchPortal portal, string query)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<TenantSearch>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var (kind, phone, _) = search.Classify(query);
        await db.Database.OpenConnectionAsync();
        await using var cmd = TenantSearch.Page(search.Filter(query, kind, phone, null), 1, 50).CreateDbCommand();
        cmd.CommandText = "EXPLAIN " + cmd.CommandText;
        var plan = new StringBuilder();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }
        var text = plan.ToString();
        var seq = new[] { "Tenants", "AspNetUsers" }.Where(t => text.Contains($"Seq Scan on \"{t}\"", StringComparison.Ordinal)).ToList();
        return seq.Count == 0 ? "no (indexes)" : "yes: " + string.Join(", ", seq);
    }

    /// <summary>Copies one template tenant (with its owner and number) N times in batches of 10,000 with
    /// INSERT … SELECT FROM generate_series: every column not overridden keeps the template's value, so the
    /// seed follows the schema as migrations change it.</summary>
    private static async Task SeedAsync(BenchPortal portal, string conn, int count)
    {
        var template = Guid.NewGuid();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var plan = await db.Plans.Select(p => p.Id).FirstAsync();
            db.Tenants.Add(new UcPortal.Data.Entities.Tenant
            {
                Id = template, Name = "Template", SipDomain = "template.bench.test", Status = UcPortal.Data.Entities.TenantStatus.Active, PlanId = plan,
                Country = "GB", VerifiedMobileE164 = "+447700000000", CreatedAtUtc = DateTime.UtcNow.AddYears(-5), TimeZone = "Europe/London",
            });
            db.Users.Add(new UcPortal.Data.Entities.PortalUser
            {
                Id = "template", UserName = "template@bench.test", NormalizedUserName = "TEMPLATE@BENCH.TEST", Email = "template@bench.test",
                NormalizedEmail = "TEMPLATE@BENCH.TEST", FullName = "Template", TenantId = template, TenantRole = UcPortal.Data.Entities.TenantRole.Owner,
                EmailConfirmed = true, SecurityStamp = "x", ConcurrencyStamp = "x", CreatedAtUtc = DateTime.UtcNow,
            });
            db.PhoneNumbers.Add(new UcPortal.Data.Entities.PhoneNumber
            {
                E164 = "+442070000000", Country = "GB", Region = "England", City = "London", Type = UcPortal.Data.Entities.NumberType.Local,
                Pool = UcPortal.Data.Entities.NumberPool.Paid, Status = UcPortal.Data.Entities.NumberStatus.Assigned, TenantId = template,
            });
            await db.SaveChangesAsync();
        }
        string Words(string[] words, string g) => $"(ARRAY[{string.Join(",", words.Select(w => "'" + w.Replace("'", "''") + "'"))}])[({g}) % {words.Length} + 1]";
        var tenantId = "md5('t' || g)::uuid";
        var tenants = new Dictionary<string, string>
        {
            ["Id"] = tenantId,
            ["Name"] = $"{Words(Adjectives, "g / 7")} || ' ' || {Words(Nouns, "g")} || ' ' || g",
            ["SipDomain"] = "'co' || g || '.pbx.bench.test'",
            ["VerifiedMobileE164"] = "'+447700' || lpad(g::text, 6, '0')",
            ["CreatedAtUtc"] = "now() - make_interval(mins => g)",
            ["BillingCustomerId"] = "'cus_B' || lpad(to_hex(g), 8, '0')",
            ["SubscriptionId"] = "'sub_' || g",
            ["Status"] = "(ARRAY['Trial','Active','Active','Active','PastDue','Suspended'])[g % 6 + 1]",
        };
        var users = new Dictionary<string, string>
        {
            ["Id"] = "'u' || g",
            ["UserName"] = $"{Words(First, "g")} || '.' || {Words(Last, "g")} || g || '@' || {Words(Nouns, "g / 3")} || (g % 997) || '.example'",
            ["FullName"] = $"initcap({Words(First, "g")}) || ' ' || initcap({Words(Last, "g")})",
            ["TenantId"] = tenantId,
        };
        users["NormalizedUserName"] = $"upper({users["UserName"]})";
        users["Email"] = users["UserName"];
        users["NormalizedEmail"] = users["NormalizedUserName"];
        var numbers = new Dictionary<string, string>
        {
            ["E164"] = "'+44207' || (1000000 + g)",
            ["TenantId"] = tenantId,
        };
        await using var connection = new NpgsqlConnection(conn);
        await connection.OpenAsync();
        for (var from = 1; from <= count; from += 10_000)
        {
            var to = Math.Min(count, from + 9_999);
            await CopyRowsAsync(connection, "Tenants", "\"Id\" = '" + template + "'", tenants, from, to);
            await CopyRowsAsync(connection, "AspNetUsers", "\"Id\" = 'template'", users, from, to);
            await CopyRowsAsync(connection, "PhoneNumbers", "\"E164\" = '+442070000000'", numbers, from, to);
        }
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, string table, string templateRow, Dictionary<string, string> overrides, int from, int to)
    {
        await using var columnsCmd = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_name = @t AND is_identity = 'NO' ORDER BY ordinal_position", connection);
        columnsCmd.Parameters.AddWithValue("t", table);
        var columns = new List<string>();
        await using (var reader = await columnsCmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }
        var select = string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var e) ? e : $"x.\"{c}\""));
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {select} FROM \"{table}\" x, generate_series({from}, {to}) g WHERE x.{templateRow}";
        await using var insert = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await insert.ExecuteNonQueryAsync();
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
