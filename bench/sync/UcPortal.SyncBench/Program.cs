using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Shared;

// SIP-core sync benchmark (bench/sync/run.sh):
//   writer --conn CS --rpc URL [--tenants 100] [--extensions 10] [--parallel 1,4] [--stack-pids P,P] [--summary FILE] [--csv FILE]
//   portal --conn CS --rpc URL [--changes 50] [--warmup 3] [--poll-ms 10] [--summary FILE] [--csv FILE]
// Not top-level statements: their generated class would be named Program, like the portal's.
internal static class SyncBenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("writer" or "portal"))
        {
            Console.Error.WriteLine("usage: UcPortal.SyncBench writer|portal --conn CS --rpc URL [options]");
            return 2;
        }
        var opts = Options.Parse(args.Skip(1).ToArray());
        var conn = opts.Get("conn") ?? throw new ArgumentException("--conn is required");
        var rpc = new Uri(opts.Get("rpc") ?? throw new ArgumentException("--rpc is required"));
        if (!IPAddress.IsLoopback(IPAddress.Parse(rpc.Host)) || !Regex.IsMatch(conn, @"Host=(127\.0\.0\.1|localhost)(;|$)", RegexOptions.IgnoreCase))
        {
            Console.Error.WriteLine("refusing: the SIP core must be on loopback");
            return 2;
        }
        var summary = opts.Get("summary");
        var csv = opts.Get("csv");
        return args[0] == "writer"
            ? await WriterBench.RunAsync(conn, rpc, opts, summary, csv)
            : await PortalBench.RunAsync(conn, rpc, opts, summary, csv);
    }
}

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o._values[args[i].TrimStart('-')] = args[i + 1];
        }
        return o;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

internal static class Stats
{
    /// <summary>Median: mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> xs, double p)
    {
        var s = xs.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * s.Count);
        return s[Math.Clamp(rank, 1, s.Count) - 1];
    }

    public static string F(double x, int decimals = 1) => x.ToString("N" + decimals, CultureInfo.InvariantCulture);

    public static void Append(string? file, string text)
    {
        Console.Write(text);
        if (file is not null)
        {
            File.AppendAllText(file, text);
        }
    }
}

/// <summary>CPU time over a window: the whole machine (/proc/stat), the SIP core's processes (the
/// given pids and all their descendants: Kamailio's children, PostgreSQL's backends) and this process.</summary>
internal sealed class CpuProbe
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int[] _roots;
    private long _machineBusy0;
    private long[] _stack0 = [];
    private TimeSpan _self0;
    private long _wall0;

    public CpuProbe(int[] roots) => _roots = roots;

    public void Start()
    {
        _machineBusy0 = MachineBusyTicks();
        _stack0 = StackTicks();
        _self0 = Process.GetCurrentProcess().TotalProcessorTime;
        _wall0 = Stopwatch.GetTimestamp();
    }

    /// <summary>(wall s, machine busy cores, CPU s of each root's process tree, bench CPU s).</summary>
    public (double Wall, double MachineCores, double[] StackSeconds, double SelfSeconds) Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_wall0).TotalSeconds;
        var machine = (MachineBusyTicks() - _machineBusy0) / TicksPerSecond;
        var stack = StackTicks().Zip(_stack0, (a, b) => (a - b) / TicksPerSecond).ToArray();
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _self0).TotalSeconds;
        return (wall, machine / wall, stack, self);
    }

    private static long MachineBusyTicks()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
        return f.Take(8).Sum() - f[3] - f[4];
    }

    private long[] StackTicks()
    {
        if (_roots.Length == 0)
        {
            return [];
        }
        var procs = new List<(int Pid, int PPid, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // rest[0] = state (field 3), rest[1] = ppid, rest[11] = utime, rest[12] = stime.
                procs.Add((pid, int.Parse(rest[1], CultureInfo.InvariantCulture), long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
            }
        }
        var children = procs.ToLookup(p => p.PPid);
        var ticks = procs.ToDictionary(p => p.Pid, p => p.Ticks);
        return _roots.Select(root =>
        {
            long total = 0;
            var queue = new Queue<int>([root]);
            var seen = new HashSet<int>();
            while (queue.Count > 0)
            {
                var pid = queue.Dequeue();
                if (!seen.Add(pid))
                {
                    continue;
                }
                total += ticks.GetValueOrDefault(pid);
                foreach (var c in children[pid])
                {
                    queue.Enqueue(c.Pid);
                }
            }
            return total;
        }).ToArray();
    }
}

/// <summary>Part 1: KamailioStateWriter.ApplyAsync for many tenants, sequentially and in parallel.</summary>
internal static class WriterBench
{
    private static readonly DateTime ScheduleBase = DateTime.UtcNow.Date;

    public static async Task<int> RunAsync(string conn, Uri rpc, Options opts, string? summary, string? csv)
    {
        var tenants = opts.Int("tenants", 100);
        var extensions = opts.Int("extensions", 10);
        var parallels = (opts.Get("parallel") ?? "1,4").Split(',').Select(int.Parse).ToArray();
        var stackPids = (opts.Get("stack-pids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var probe = new CpuProbe(stackPids);
        using var writer = new KamailioStateWriter(conn, rpc);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var kam = new KamailioRpc(http, rpc);
        var failures = 0;
        // Profile: wall ms of each step of ApplyAsync (KamailioStateWriter.StepTimings), summed per phase.
        var steps = new System.Collections.Concurrent.ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var profile = new StringBuilder();

        var sample = State(0, 0, extensions, 1, changed: false);
        Console.WriteLine($"tenant state: {sample.Extensions.Count} extensions, {sample.Numbers.Count} numbers, {sample.RingGroups.Count} ring group, " +
            $"{sample.Schedules.Count} schedule ({sample.Schedules[0].OpenWindowsUtc.Count} open windows) = {KamailioStateWriter.HtableRows(sample).Count} htable rows + {sample.Extensions.Count} subscribers + 1 domain");

        // Warm-up (JIT, connection pool, Kamailio's DB connections): 5 tenants, applied twice, then removed. Not measured.
        var warm = Enumerable.Range(0, 5).Select(i => State(9, i, extensions, 1, changed: false)).ToList();
        foreach (var s in warm.Concat(warm))
        {
            await writer.ApplyAsync(s, CancellationToken.None);
        }
        writer.StepTimings = (step, ms) => steps.AddOrUpdate(step, ms, (_, sum) => sum + ms);
        // Not RemoveTenantAsync: it always reloads permissions, which Kamailio refuses within 1 s of the last
        // reload ("ongoing reload", see the trunk probe below), so removing tenants one after the other fails.
        await DeleteTenantsAsync(conn, kam, "sb9-%");

        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"### Writer: {tenants} tenants × {extensions} extensions, `KamailioStateWriter.ApplyAsync`");
        header.AppendLine();
        header.AppendLine("| phase | parallel | tenants/s | ms/tenant median | p95 | max | stack CPU ms/tenant (PostgreSQL + Kamailio) | bench CPU ms/tenant | other cores | htable rows after | errors (retried) |");
        header.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        Stats.Append(summary, header.ToString());
        if (csv is not null)
        {
            File.WriteAllText(csv, "phase,parallel,tenant,ms\n");
        }

        for (var r = 0; r < parallels.Length; r++)
        {
            var p = parallels[r];
            var run = r + 1;
            var first = Enumerable.Range(0, tenants).Select(i => State(run, i, extensions, 1, changed: false)).ToList();
            var changedStates = Enumerable.Range(0, tenants).Select(i => State(run, i, extensions, 2, changed: true)).ToList();
            foreach (var (phase, states) in new[] { ("first apply (inserts)", first), ("re-apply, no change", first), ("re-apply, 1 extension changed", changedStates) })
            {
                var times = new double[states.Count];
                var errors = new List<string>();
                steps.Clear();
                probe.Start();
                await Parallel.ForEachAsync(Enumerable.Range(0, states.Count), new ParallelOptions { MaxDegreeOfParallelism = p }, async (i, ct) =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            await writer.ApplyAsync(states[i], ct);
                            break;
                        }
                        catch (Exception ex) when (attempt < 3 && ex is HttpRequestException or KamailioRpcException or Npgsql.NpgsqlException or TimeoutException)
                        {
                            // Counted, then retried at once (the sync job would retry after 2 s).
                            lock (errors)
                            {
                                errors.Add(ex.Message);
                            }
                        }
                    }
                    times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                });
                var (wall, machineCores, stackS, selfS) = probe.Stop();
                var rows = await CountHtableRowsAsync(conn);
                var other = machineCores - (stackS.Sum() + selfS) / wall;
                var stackCell = stackS.Length == 2
                    ? $"{Stats.F(stackS.Sum() * 1000 / states.Count)} ({Stats.F(stackS[0] * 1000 / states.Count)} + {Stats.F(stackS[1] * 1000 / states.Count)})"
                    : stackS.Length > 0 ? Stats.F(stackS.Sum() * 1000 / states.Count) : "n/a";
                Stats.Append(summary, $"| {phase} | {p} | {Stats.F(states.Count / wall)} | {Stats.F(Stats.Median(times))} | {Stats.F(Stats.Percentile(times, 95))} | {Stats.F(times.Max())} " +
                    $"| {stackCell} | {Stats.F(selfS * 1000 / states.Count)} | {Stats.F(Math.Max(other, 0), 2)} | {rows:N0} | {(errors.Count == 0 ? "none" : string.Join("; ", errors.GroupBy(e => e).Select(g => $"{g.Count()}× {g.Key}")))} |\n");
                if (csv is not null)
                {
                    File.AppendAllLines(csv, times.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{phase},{p},{i},{t:F3}")));
                }
                var measured = steps.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
                var rest = times.Sum() - measured.Sum(kv => kv.Value);
                profile.AppendLine($"| {phase} | {p} | {Stats.F(times.Average())} | " +
                    string.Join("; ", measured.Select(kv => $"{kv.Key[2..]} {Stats.F(kv.Value / states.Count)}")) + $"; unlocks, connection back to the pool {Stats.F(rest / states.Count)} |");
            }

            // Check that Kamailio's cache holds what was written: the changed forward of tenant 0 and tenant N-1.
            foreach (var i in new[] { 0, tenants - 1 })
            {
                var s = changedStates[i];
                var key = $"e:{s.SipDomain}:105:fwn";
                var got = await kam.CallAsync("htable.get", [KamailioStateWriter.Htable, key], CancellationToken.None);
                var text = got.ToString();
                if (!text.Contains("extension:101", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"CHECK FAILED: htable.get {key} = {text}");
                    failures++;
                }
            }

            // Leave the next parallelism the same starting point (an empty SIP core), but keep the last set for the portal part.
            if (r < parallels.Length - 1)
            {
                await DeleteTenantsAsync(conn, kam, $"sb{run}-%");
            }
        }

        // What the two reloads every apply issues cost on their own, with the last tenant set loaded.
        var reloads = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await kam.CallAsync("domain.reload", [], CancellationToken.None);
            await kam.CallAsync("htable.reload", [KamailioStateWriter.Htable], CancellationToken.None);
            reloads.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        writer.StepTimings = null;
        Stats.Append(summary, "\nProfile: mean wall ms per tenant of each step of `ApplyAsync` (steps in order; with parallel applies the steps overlap and include waiting for the locks):\n\n" +
            "| phase | parallel | mean ms/tenant | steps (ms) |\n|---|---:|---:|---|\n" + profile);
        var rowsNow = await CountHtableRowsAsync(conn);

        // Trunk probe: two tenants with an IP trunk applied one right after the other. Each apply
        // reloads permissions, which Kamailio refuses within its reload_delta (1 s) of the last one.
        var trunkNotes = new List<string>();
        await Task.Delay(1100); // so that the first one starts more than reload_delta after the last reload
        for (var i = 0; i < 2; i++)
        {
            var s = State(8, i, 2, 1, changed: false) with
            {
                Trunks = [new PbxTrunk(Guid.NewGuid(), "ip", null, null, [new PbxTrunkAddress($"198.51.100.{10 + i}", 5060)], 4)],
            };
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                await writer.ApplyAsync(s, CancellationToken.None);
                trunkNotes.Add(string.Create(CultureInfo.InvariantCulture, $"tenant {i + 1}: applied in {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F0} ms"));
            }
            catch (Exception ex)
            {
                trunkNotes.Add(string.Create(CultureInfo.InvariantCulture, $"tenant {i + 1}: **{ex.GetType().Name}: {ex.Message}** after {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F0} ms (its rows were committed before the reload)"));
            }
        }
        await DeleteTenantsAsync(conn, kam, "sb8-%");
        Stats.Append(summary, $"\nReloads alone (`domain.reload` + `htable.reload pbx`, {rowsNow:N0} htable rows, {tenants} domains), 30 times in a row: " +
            $"median {Stats.F(Stats.Median(reloads))} ms, p95 {Stats.F(Stats.Percentile(reloads, 95))} ms, max {Stats.F(reloads.Max())} ms.\n\n" +
            $"Trunk probe, two tenants with an IP trunk applied back to back: {string.Join("; ", trunkNotes)}.\n\n");
        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} check(s) failed");
            return 1;
        }
        return 0;
    }

    /// <summary>Benchmark clean-up of the tenants whose domain is LIKE the pattern, straight in SQL, then one reload of each cache.</summary>
    private static async Task DeleteTenantsAsync(string conn, KamailioRpc kam, string pattern)
    {
        await using (var c = new Npgsql.NpgsqlConnection(conn))
        {
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("""
                DELETE FROM domain WHERE domain LIKE @p; DELETE FROM subscriber WHERE domain LIKE @p;
                DELETE FROM htable WHERE tenant_domain LIKE @p; DELETE FROM address WHERE tag LIKE @p;
                """, c);
            cmd.Parameters.AddWithValue("p", pattern);
            await cmd.ExecuteNonQueryAsync();
        }
        await kam.CallAsync("domain.reload", [], CancellationToken.None);
        await kam.CallAsync("htable.reload", [KamailioStateWriter.Htable], CancellationToken.None);
        await Task.Delay(1100); // permissions' reload_delta
        await kam.CallAsync("permissions.addressReload", [], CancellationToken.None);
    }

    private static async Task<long> CountHtableRowsAsync(string conn)
    {
        await using var c = new Npgsql.NpgsqlConnection(conn);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM htable", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>A small business: extensions 100…, two numbers (the main one through business hours to
    /// ring group 600, the other straight to extension 101), ring group 600 of four, weekday 9–17 hours.
    /// <paramref name="changed"/>: extension 105 now forwards on no answer to 101 instead of voicemail.</summary>
    internal static TenantPbxState State(int run, int i, int extensionCount, long version, bool changed)
    {
        var domain = $"sb{run}-t{i:D3}.bench.test";
        var mainNumber = string.Create(CultureInfo.InvariantCulture, $"+1646{run}{i:D4}00");
        var otherNumber = string.Create(CultureInfo.InvariantCulture, $"+1646{run}{i:D4}01");
        var scheduleId = new Guid(MD5.HashData(Encoding.UTF8.GetBytes("schedule:" + domain)));
        var extensions = Enumerable.Range(0, extensionCount).Select(k =>
        {
            var number = (100 + k).ToString(CultureInfo.InvariantCulture);
            var user = $"{number}x{i}";
            var ha1 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{user}:{domain}:bench-pass-{i}-{k}")));
            var noAnswer = changed && number == "105" ? new PbxDestination("extension", "101") : new PbxDestination("voicemail", number);
            var unregistered = k % 2 == 0 ? new PbxDestination("external", string.Create(CultureInfo.InvariantCulture, $"+1917555{i % 100:D2}{k:D2}")) : PbxDestination.None;
            var busy = k < 4 ? new PbxDestination("ringgroup", "600") : PbxDestination.None;
            return new PbxExtension(number, user, ha1, k == 1 ? otherNumber : mainNumber, false, PbxDestination.None, busy, noAnswer, 20, unregistered);
        }).ToList();
        var windows = Enumerable.Range(0, 14).Select(d => ScheduleBase.AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new PbxOpenWindow(d.AddHours(14), d.AddHours(22))) // 9–17 in New York (EST)
            .ToList();
        return new TenantPbxState(
            new Guid(MD5.HashData(Encoding.UTF8.GetBytes("tenant:" + domain))), version, domain,
            new PbxTenantFlags(false, false, true, false, 10, "US", "1", ""),
            extensions,
            [new PbxRingGroup("600", "simultaneous", 25, ["100", "101", "102", "103"], new PbxDestination("voicemail", "100"))],
            [new PbxNumber(mainNumber, new PbxDestination("ringgroup", "600"), new PbxDestination("voicemail", "100"), scheduleId),
             new PbxNumber(otherNumber, new PbxDestination("extension", "101"), PbxDestination.None, null)],
            [new PbxSchedule(scheduleId, windows)],
            []);
    }
}

/// <summary>The portal in-process with its Hangfire server, as the integration tests host it, but
/// against the real SIP core and with jobs run by Hangfire.</summary>
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

/// <summary>Part 2: PortalUnitOfWork.CommitAsync → Hangfire → SipCoreSyncJob → TenantSyncState.AppliedVersion.</summary>
internal static partial class PortalBench
{
    public static async Task<int> RunAsync(string conn, Uri rpc, Options opts, string? summary, string? csv)
    {
        var changes = opts.Int("changes", 50);
        var warmup = opts.Int("warmup", 3);
        var pollMs = opts.Int("poll-ms", 10);
        var dataFolder = opts.Get("data") ?? Path.Combine(Path.GetTempPath(), "ucportal-syncbench-portal-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataFolder);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProvider.Sqlite,
            ["Database:DataFolder"] = dataFolder,
            ["Jobs:RunServer"] = "true",
            ["SipCore:ConnectionString"] = conn,
            ["SipCore:RpcUrl"] = rpc.ToString(),
            ["RateLimits:SignupPerIpPerHour"] = "100000",
            ["RateLimits:LoginPerIpPer5Minutes"] = "100000",
            ["Portal:PublicBaseUrl"] = "http://portal.test",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        };
        // WebApplicationFactory guesses the portal's content root from the solution folder and misses
        // src/: tell it (the variable it reads, ASPNETCORE_ prefix + TEST_CONTENTROOT_ + assembly name).
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "UcPortal.sln")))
        {
            repo = repo.Parent;
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_UcPortal_Web",
            Path.Combine(repo?.FullName ?? throw new InvalidOperationException("UcPortal.sln not found above " + AppContext.BaseDirectory), "src", "UcPortal.Web"));
        // Not disposed: disposing the factory and then exiting crashes the process in Hangfire's
        // ProcessExit handler (ObjectDisposedException on its disposed CancellationTokenSource).
        var portal = new BenchPortal(settings);
        var startup = Stopwatch.StartNew();
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        // Trial signup through HTTP, as TrialJourney in the tests: form, confirmation email, confirmation link.
        var n = Random.Shared.Next(100_000, 999_999);
        var email = $"owner@syncbench-{n}.example.com";
        var page = await client.GetStringAsync("/trial");
        Console.WriteLine($"portal started and /trial rendered in {startup.ElapsedMilliseconds} ms");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        var post = await client.PostAsync("/trial", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.FullName"] = "Sync Bench",
            ["Form.Company"] = $"Sync Bench {n}",
            ["Form.Email"] = email,
            ["Form.Password"] = "Trial-Passw0rd",
            ["Form.Country"] = "US",
            // A US mobile for a US number: another country would send the trial to staff review.
            ["Form.Mobile"] = $"+1201555{n % 10_000:D4}",
            ["Form.Area"] = "US|New York",
            ["__RequestVerificationToken"] = token,
        }));
        if (post.StatusCode != HttpStatusCode.Redirect)
        {
            Console.Error.WriteLine($"signup answered {(int)post.StatusCode}");
            return 1;
        }
        var (signupId, html) = await WithDbAsync(portal, async db =>
        {
            var s = await db.TrialSignups.AsNoTracking().SingleAsync(x => x.Email == email);
            var body = await db.OutboxEmails.AsNoTracking().Where(e => e.ToAddress == email && e.Template == "confirm-email").Select(e => e.HtmlBody).FirstAsync();
            return (s.Id, body);
        });
        var link = new Uri(WebUtility.HtmlDecode(ConfirmLink().Match(html).Groups[1].Value)).PathAndQuery;
        var confirm = await client.GetAsync(link);
        if (confirm.Headers.Location?.OriginalString != "/trial/verify-mobile")
        {
            Console.Error.WriteLine($"confirmation answered {(int)confirm.StatusCode} {confirm.Headers.Location}");
            return 1;
        }
        // The code texted to the mobile (local outbox), entered on the form: provisioning starts.
        var sms = await WithDbAsync(portal, db => db.OutboxSms.AsNoTracking().Where(m => m.TrialSignupId == signupId && m.Template == "mobile-code")
            .OrderByDescending(m => m.CreatedAtUtc).Select(m => m.Body).FirstAsync());
        var code = System.Text.RegularExpressions.Regex.Match(sms, @"\b\d{6}\b").Value;
        var codePage = await client.GetStringAsync("/trial/verify-mobile");
        var verified = await client.PostAsync("/trial/verify-mobile", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(codePage).Groups[1].Value),
        }));
        if (verified.Headers.Location?.OriginalString != "/dashboard")
        {
            Console.Error.WriteLine($"the mobile code answered {(int)verified.StatusCode} {verified.Headers.Location}");
            return 1;
        }

        // Provisioning runs as a Hangfire job; the tenant id is the signup id.
        var tenantId = signupId;
        var provisioned = Stopwatch.StartNew();
        string? extensionNumber = null;
        while (provisioned.Elapsed < TimeSpan.FromSeconds(60) && extensionNumber is null)
        {
            extensionNumber = await WithDbAsync(portal, db => db.Extensions.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.Number).Select(e => e.Number).FirstOrDefaultAsync());
            if (extensionNumber is null)
            {
                await Task.Delay(50);
            }
        }
        if (extensionNumber is null)
        {
            Console.Error.WriteLine("the trial was not provisioned within 60 s");
            return 1;
        }
        var syncAfterProvisioning = await WithDbAsync(portal, db => db.TenantSyncStates.AsNoTracking().Where(s => s.TenantId == tenantId)
            .Select(s => $"desired {s.DesiredVersion}, applied {s.AppliedVersion}, {s.Status}").SingleOrDefaultAsync());
        Console.WriteLine($"trial provisioned {provisioned.ElapsedMilliseconds} ms after confirmation; sync state then: {syncAfterProvisioning ?? "none"}");

        if (csv is not null)
        {
            File.WriteAllText(csv, "i,warmup,version,save_ms,applied_ms,queue_ms,polls\n");
        }
        var total = new List<double>();
        var saves = new List<double>();
        var queue = new List<double>();
        var rng = new Random(42);
        await using var pollScope = portal.Services.CreateAsyncScope();
        var pollDb = pollScope.ServiceProvider.GetRequiredService<PortalDbContext>();
        for (var i = 0; i < warmup + changes; i++)
        {
            // A random pause, so that changes arrive at random points of Hangfire's 200 ms queue poll.
            await Task.Delay(rng.Next(0, 300));
            long version;
            double saveMs;
            long afterSave;
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var ext = await db.Extensions.SingleAsync(e => e.TenantId == tenantId && e.Number == extensionNumber);
                ext.Name = $"Reception {i}";
                var t0 = Stopwatch.GetTimestamp();
                var unitOfWork = scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>();
                unitOfWork.RecordPbxChange(tenantId, $"Extension {ext.Number} renamed", "bench");
                await unitOfWork.CommitAsync(CancellationToken.None);
                afterSave = Stopwatch.GetTimestamp();
                saveMs = Stopwatch.GetElapsedTime(t0, afterSave).TotalMilliseconds;
                version = db.TenantSyncStates.Local.Single(s => s.TenantId == tenantId).DesiredVersion;
            }

            var polls = 0;
            var next = afterSave;
            double appliedMs;
            while (true)
            {
                polls++;
                var applied = await pollDb.TenantSyncStates.AsNoTracking().Where(s => s.TenantId == tenantId).Select(s => s.AppliedVersion).SingleAsync();
                if (applied >= version)
                {
                    appliedMs = Stopwatch.GetElapsedTime(afterSave).TotalMilliseconds;
                    break;
                }
                if (Stopwatch.GetElapsedTime(afterSave) > TimeSpan.FromSeconds(30))
                {
                    var state = await pollDb.TenantSyncStates.AsNoTracking().SingleAsync(s => s.TenantId == tenantId);
                    Console.Error.WriteLine($"change {i} (version {version}) not applied in 30 s: {state.Status}, applied {state.AppliedVersion}, error {state.LastError}");
                    return 1;
                }
                next += (long)(pollMs * Stopwatch.Frequency / 1000.0);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                else
                {
                    next = Stopwatch.GetTimestamp();
                }
            }

            // From the change's own timestamp (RecordAsync) to the job's timestamp taken just before ApplyAsync:
            // Hangfire's queue wait + job start + building the state from the portal DB.
            var (changeAt, appliedAt) = await WithDbAsync(portal, async db => (
                await db.ConfigChanges.AsNoTracking().Where(c => c.TenantId == tenantId && c.Version == version).Select(c => c.AtUtc).SingleAsync(),
                await db.TenantSyncStates.AsNoTracking().Where(s => s.TenantId == tenantId).Select(s => s.AppliedAtUtc).SingleAsync()));
            var queueMs = appliedAt is { } a ? (a - changeAt).TotalMilliseconds : double.NaN;
            var isWarmup = i < warmup;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"change {i + 1 - warmup,3}{(isWarmup ? " (warm-up)" : "")}: v{version} save {saveMs:F1} ms, applied after {appliedMs:F1} ms (queue+build {queueMs:F0} ms, {polls} polls)"));
            if (csv is not null)
            {
                File.AppendAllText(csv, string.Create(CultureInfo.InvariantCulture, $"{i},{(isWarmup ? 1 : 0)},{version},{saveMs:F3},{appliedMs:F3},{queueMs:F3},{polls}\n"));
            }
            if (!isWarmup)
            {
                total.Add(appliedMs);
                saves.Add(saveMs);
                queue.Add(queueMs);
            }
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### Portal: saved change → applied, {changes} changes one after the other (after {warmup} warm-up)");
        sb.AppendLine();
        sb.AppendLine("| measure | median ms | p95 ms | min ms | max ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        sb.AppendLine(Row("**SaveAsync returned → AppliedVersion seen** (poll every 10 ms)", total));
        sb.AppendLine(Row("SaveAsync called → AppliedVersion seen", total.Zip(saves, (t, s) => t + s).ToList()));
        sb.AppendLine(Row("PortalUnitOfWork.CommitAsync itself (SQLite commit + enqueue)", saves));
        sb.AppendLine(Row("change's AtUtc (in SaveAsync, before the commit) → job's timestamp just before ApplyAsync: Hangfire queue wait + job start + state build", queue));
        sb.AppendLine();
        Stats.Append(summary, sb.ToString());
        return 0;

        static string Row(string name, List<double> xs) =>
            $"| {name} | {Stats.F(Stats.Median(xs))} | {Stats.F(Stats.Percentile(xs, 95))} | {Stats.F(xs.Min())} | {Stats.F(xs.Max())} |";
    }

    private static async Task<T> WithDbAsync<T>(BenchPortal portal, Func<PortalDbContext, Task<T>> read)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("href=\"(http[^\"]*/account/confirm-email[^\"]*)\"")]
    private static partial Regex ConfirmLink();
}
