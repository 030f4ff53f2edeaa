using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace UcPortal.Bench;

/// <summary>Trial-journey benchmark for bench/run.sh.
/// <code>trials --base http://127.0.0.1:PORT [--count 20] [--warmup 1] [--poll-ms 50] [--cookie-out FILE] [--csv FILE] [--summary FILE]</code>
/// Each trial is a fresh "browser" (own cookie jar): GET /trial, POST /trial, find the confirmation
/// email in /dev/mailbox, then the timed part: GET the confirmation link and poll /dashboard every
/// 50 ms until it contains id="sip-domain". Trials run one after the other. Warm-up trials run
/// first, are printed but left out of the statistics; the first one's cookies are written to
/// --cookie-out for the authenticated /dashboard load test.</summary>
public static partial class Program
{
    private const string Password = "BenchTrial2026x";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "signups")
        {
            return await SignupsAsync(ParseOptions(args.Skip(1).ToArray()));
        }
        if (args.Length == 0 || args[0] != "trials")
        {
            Console.Error.WriteLine("usage: UcPortal.Bench trials --base URL [--count 20] [--warmup 1] [--poll-ms 50] [--cookie-out FILE] [--csv FILE] [--summary FILE]");
            return 2;
        }
        var opts = ParseOptions(args.Skip(1).ToArray());
        var baseUrl = new Uri(Get(opts, "base", "http://127.0.0.1:5080").TrimEnd('/') + "/");
        if (!baseUrl.IsLoopback)
        {
            Console.Error.WriteLine("Refusing to run against a non-loopback address.");
            return 2;
        }
        var count = int.Parse(Get(opts, "count", "20"), Inv);
        var warmup = int.Parse(Get(opts, "warmup", "1"), Inv);
        var pollMs = int.Parse(Get(opts, "poll-ms", "50"), Inv);
        var runId = DateTime.UtcNow.ToString("HHmmss", Inv) + Random.Shared.Next(100, 999).ToString(Inv);

        var areas = await LoadAreasAsync(baseUrl);
        Console.WriteLine($"Trial journey: {warmup} warm-up + {count} timed trials, one after the other; poll every {pollMs} ms; {areas.Count} trial areas, used round-robin.");

        var results = new List<TrialResult>();
        string? cookieHeader = null;
        for (var i = 0; i < warmup + count; i++)
        {
            var isWarmup = i < warmup;
            var area = areas[i % areas.Count];
            TrialResult r;
            try
            {
                r = await RunTrialAsync(baseUrl, runId, i, area, pollMs, TimeSpan.FromSeconds(60));
            }
            catch (Exception ex)
            {
                r = new TrialResult(i, area, false, 0, 0, 0, null, $"{ex.GetType().Name}: {ex.Message}", null);
            }
            r = r with { Warmup = isWarmup };
            results.Add(r);
            Console.WriteLine(r.Ok
                ? $"  {(isWarmup ? "warm-up" : "trial  ")} {i + 1 - (isWarmup ? 0 : warmup),2}  {r.Area,-22} confirm→credentials {r.TotalMs,8:F1} ms  (confirm GET {r.ConfirmMs,6:F1} ms, {r.Polls,3} polls)  {r.SipDomain}"
                : $"  {(isWarmup ? "warm-up" : "trial  ")} {i + 1 - (isWarmup ? 0 : warmup),2}  {r.Area,-22} FAILED: {r.Error}");
            if (isWarmup && r.Ok && cookieHeader is null)
            {
                cookieHeader = r.CookieHeader;
            }
        }

        var timed = results.Where(r => !r.Warmup && r.Ok).Select(r => r.TotalMs).OrderBy(x => x).ToList();
        var confirmGets = results.Where(r => !r.Warmup && r.Ok).Select(r => r.ConfirmMs).OrderBy(x => x).ToList();
        var failed = results.Count(r => !r.Warmup && !r.Ok);
        if (opts.TryGetValue("csv", out var csv))
        {
            var sb = new StringBuilder("index,warmup,area,ok,confirm_get_ms,confirm_to_credentials_ms,polls,sip_domain,error\n");
            foreach (var r in results)
            {
                sb.Append(Inv, $"{r.Index},{r.Warmup},\"{r.Area}\",{r.Ok},{r.ConfirmMs:F1},{r.TotalMs:F1},{r.Polls},{r.SipDomain},\"{r.Error?.Replace("\"", "'", StringComparison.Ordinal)}\"\n");
            }
            await File.WriteAllTextAsync(csv, sb.ToString());
        }
        if (cookieHeader is not null && opts.TryGetValue("cookie-out", out var cookieOut))
        {
            await File.WriteAllTextAsync(cookieOut, cookieHeader);
        }
        if (timed.Count == 0)
        {
            Console.Error.WriteLine("No timed trial succeeded.");
            return 1;
        }
        var summary = string.Create(Inv,
            $"n={timed.Count} failed={failed} median_ms={Median(timed):F0} p90_ms={NearestRank(timed, 0.90):F0} min_ms={timed[0]:F0} max_ms={timed[^1]:F0} mean_ms={timed.Average():F0} confirm_get_median_ms={Median(confirmGets):F0} confirm_get_max_ms={confirmGets[^1]:F0}");
        Console.WriteLine("Summary: " + summary);
        if (opts.TryGetValue("summary", out var summaryFile))
        {
            await File.WriteAllTextAsync(summaryFile, summary + "\n");
        }
        return failed == 0 && cookieHeader is not null ? 0 : 1;
    }

    /// <summary><c>signups --base URL [--count 50] [--summary FILE]</c>: that many fresh visitors
    /// load the signup form one after the other (not timed), then all POST it at the same moment;
    /// reports each POST's response time (p50, p95 nearest rank, max) and the status codes. Success is
    /// a 302 to /trial/check-email; any 5xx is a failure.</summary>
    private static async Task<int> SignupsAsync(Dictionary<string, string> opts)
    {
        var baseUrl = new Uri(Get(opts, "base", "http://127.0.0.1:5080").TrimEnd('/') + "/");
        if (!baseUrl.IsLoopback)
        {
            Console.Error.WriteLine("Refusing to run against a non-loopback address.");
            return 2;
        }
        var count = int.Parse(Get(opts, "count", "50"), Inv);
        var runId = DateTime.UtcNow.ToString("HHmmss", Inv) + Random.Shared.Next(100, 999).ToString(Inv);
        var areas = await LoadAreasAsync(baseUrl);
        var visitors = new List<(HttpClient Http, string Token, int Index)>();
        for (var i = 0; i < count; i++)
        {
            var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 1 };
            var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
            var html = await GetStringOkAsync(http, "trial");
            var token = AntiforgeryInput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in /trial");
            visitors.Add((http, token, i));
        }
        Console.WriteLine($"Concurrent signups: {count} visitors POST /trial at once.");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = visitors.Select(async v =>
        {
            await go.Task;
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var post = await v.Http.PostAsync("trial", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Form.FullName"] = $"Signup Owner {v.Index}",
                    ["Form.Company"] = $"Signup Co {runId} {v.Index}",
                    ["Form.Email"] = $"owner@signup-{runId}-{v.Index}.example.com",
                    ["Form.Password"] = Password,
                    ["Form.Country"] = "US",
                    ["Form.Mobile"] = "+1201555" + (200 + (int.Parse(runId[^3..], Inv) * 7 + v.Index) % 800).ToString("D4", Inv),
                    ["Form.Area"] = areas[v.Index % areas.Count],
                    ["__RequestVerificationToken"] = v.Token,
                }));
                await post.Content.LoadIntoBufferAsync();
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var ok = post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location?.OriginalString.Contains("/trial/check-email", StringComparison.Ordinal) == true;
                return (Ms: ms, Status: (int)post.StatusCode, Ok: ok);
            }
            catch (Exception)
            {
                return (Ms: Stopwatch.GetElapsedTime(start).TotalMilliseconds, Status: 0, Ok: false);
            }
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(tasks);
        foreach (var v in visitors)
        {
            v.Http.Dispose();
        }
        var sorted = results.Select(r => r.Ms).Order().ToList();
        var statuses = string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        var errors5xx = results.Count(r => r.Status >= 500 || r.Status == 0);
        var summary = string.Create(Inv, $"n={count} ok={results.Count(r => r.Ok)} p50_ms={Median(sorted):F0} p95_ms={NearestRank(sorted, 0.95):F0} max_ms={sorted[^1]:F0} errors_5xx={errors5xx} statuses={statuses.Replace(" ", "")}");
        Console.WriteLine("Summary: " + summary);
        if (opts.TryGetValue("summary", out var file))
        {
            await File.WriteAllTextAsync(file, summary + "\n");
        }
        return errors5xx == 0 && results.All(r => r.Ok) ? 0 : 1;
    }

    private sealed record TrialResult(int Index, string Area, bool Ok, double ConfirmMs, double TotalMs, int Polls, string? SipDomain, string? Error, string? CookieHeader)
    {
        public bool Warmup { get; init; }
    }

    private static async Task<TrialResult> RunTrialAsync(Uri baseUrl, string runId, int index, string area, int pollMs, TimeSpan timeout)
    {
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

        // 1. The signup form (antiforgery cookie + hidden token).
        var formHtml = await GetStringOkAsync(http, "trial");
        // The form carries a hidden __RequestVerificationToken; the <meta name="csrf-token"> fallback
        // serves builds where it did not (signed-in pages still have the meta tag for htmx).
        var token = AntiforgeryInput().Match(formHtml) is { Success: true } m1 ? WebUtility.HtmlDecode(m1.Groups[1].Value)
            : CsrfMeta().Match(formHtml) is { Success: true } m2 ? WebUtility.HtmlDecode(m2.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token in /trial");

        // 2. Post it. Unique email, company domain and mobile per trial. Mobiles are US 201-555-01xx,
        // numbers reserved for fiction (libphonenumber calls them fixed-line-or-mobile, which the portal accepts).
        var email = $"owner@bench-{runId}-{index}.example.com";
        var mobile = "+1201555" + (100 + (int.Parse(runId[^2..], Inv) + index) % 100).ToString("D4", Inv);
        using (var post = await http.PostAsync("trial", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.FullName"] = $"Bench Owner {index}",
            ["Form.Company"] = $"Bench Co {runId} {index}",
            ["Form.Email"] = email,
            ["Form.Password"] = Password,
            ["Form.Country"] = "US",
            ["Form.Mobile"] = mobile,
            ["Form.Area"] = area,
            ["__RequestVerificationToken"] = token,
        })))
        {
            if (post.StatusCode != HttpStatusCode.Redirect || post.Headers.Location?.OriginalString.Contains("/trial/check-email", StringComparison.Ordinal) != true)
            {
                var body = await post.Content.ReadAsStringAsync();
                var errors = string.Join(" | ", ValidationMessage().Matches(body).Select(x => WebUtility.HtmlDecode(x.Groups[1].Value.Trim())).Where(x => x.Length > 0));
                throw new InvalidOperationException($"POST /trial answered {(int)post.StatusCode}: {errors}");
            }
        }

        // 3. The confirmation email in the local mailbox (stored in the same transaction as the signup).
        string? messagePath = null;
        for (var attempt = 0; attempt < 50 && messagePath is null; attempt++)
        {
            var list = await GetStringOkAsync(http, "dev/mailbox?to=" + Uri.EscapeDataString(email));
            messagePath = MailboxEntry().Matches(list)
                .Where(x => WebUtility.HtmlDecode(x.Groups["to"].Value) == email && x.Groups["tpl"].Value == "confirm-email")
                .Select(x => x.Groups["href"].Value).FirstOrDefault();
            if (messagePath is null)
            {
                await Task.Delay(100);
            }
        }
        if (messagePath is null)
        {
            throw new InvalidOperationException("Confirmation email not found in /dev/mailbox");
        }
        var message = await GetStringOkAsync(http, messagePath.TrimStart('/'));
        var linksBlock = MailLinks().Match(message);
        var confirmLink = (linksBlock.Success ? Href().Matches(linksBlock.Groups[1].Value) : Href().Matches(message))
            .Select(x => WebUtility.HtmlDecode(x.Groups[1].Value))
            .FirstOrDefault(h => h.Contains("/account/confirm-email?", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("No confirm-email link in the message");
        // Whatever host the email names, the request goes to the portal under test.
        var confirmUri = new Uri(baseUrl, new Uri(confirmLink, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } abs ? abs.PathAndQuery.TrimStart('/') : confirmLink.TrimStart('/'));

        // 4. The link (302 to /trial/verify-mobile, signed in), then the code texted to the mobile,
        // read from the local outbox as the prospect reads the SMS.
        using (var confirm = await http.GetAsync(confirmUri))
        {
            await confirm.Content.LoadIntoBufferAsync();
            if (confirm.StatusCode != HttpStatusCode.Redirect || confirm.Headers.Location?.OriginalString is not ("/trial/verify-mobile" or "/dashboard"))
            {
                throw new InvalidOperationException($"Confirmation link answered {(int)confirm.StatusCode} {confirm.Headers.Location}");
            }
        }
        var codeForm = await GetStringOkAsync(http, "trial/verify-mobile");
        var codeToken = AntiforgeryInput().Match(codeForm) is { Success: true } m3 ? WebUtility.HtmlDecode(m3.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token in /trial/verify-mobile");
        string? code = null;
        for (var attempt = 0; attempt < 50 && code is null; attempt++)
        {
            var list = await GetStringOkAsync(http, "dev/mailbox?to=" + Uri.EscapeDataString(mobile));
            code = SmsCode().Match(list) is { Success: true } c ? c.Groups[1].Value : null;
            if (code is null)
            {
                await Task.Delay(100);
            }
        }
        if (code is null)
        {
            throw new InvalidOperationException("No mobile code in /dev/mailbox");
        }

        // 5. Timed: POST the code (302 to /dashboard; provisioning starts), then poll /dashboard.
        var start = Stopwatch.GetTimestamp();
        using (var confirm = await http.PostAsync("trial/verify-mobile", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["__RequestVerificationToken"] = codeToken,
        })))
        {
            await confirm.Content.LoadIntoBufferAsync();
            if (confirm.StatusCode != HttpStatusCode.Redirect || confirm.Headers.Location?.OriginalString != "/dashboard")
            {
                throw new InvalidOperationException($"The mobile code answered {(int)confirm.StatusCode} {confirm.Headers.Location}");
            }
        }
        var confirmMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var polls = 0;
        var deadline = start + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var nextPoll = Stopwatch.GetTimestamp();
        while (true)
        {
            polls++;
            nextPoll += (long)(pollMs / 1000.0 * Stopwatch.Frequency);
            using var dash = await http.GetAsync("dashboard");
            var html = await dash.Content.ReadAsStringAsync();
            if (dash.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"/dashboard answered {(int)dash.StatusCode} {dash.Headers.Location} after {polls} polls");
            }
            if (html.Contains("id=\"sip-domain\"", StringComparison.Ordinal))
            {
                var total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var domain = SipDomain().Match(html) is { Success: true } d ? WebUtility.HtmlDecode(d.Groups[1].Value) : null;
                return new TrialResult(index, area, true, confirmMs, total, polls, domain, null, cookies.GetCookieHeader(baseUrl));
            }
            var now = Stopwatch.GetTimestamp();
            if (now > deadline)
            {
                throw new TimeoutException($"/dashboard showed no credentials after {timeout.TotalSeconds:F0} s ({polls} polls)");
            }
            if (nextPoll > now)
            {
                await Task.Delay(TimeSpan.FromSeconds((nextPoll - now) / (double)Stopwatch.Frequency));
            }
            else
            {
                nextPoll = now; // a slow poll: the next one goes at once, and the schedule restarts from here
            }
        }
    }

    private static async Task<List<string>> LoadAreasAsync(Uri baseUrl)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var html = await GetStringOkAsync(http, "trial");
        // US areas only: the bench's mobiles are US numbers, and a mobile from another country than
        // the chosen number sends the signup to staff review (SignupRiskRules).
        var areas = AreaOption().Matches(html).Select(x => WebUtility.HtmlDecode(x.Groups[1].Value)).Where(a => a.StartsWith("US|", StringComparison.Ordinal)).Distinct().ToList();
        return areas.Count > 0 ? areas : throw new InvalidOperationException("The trial form lists no areas.");
    }

    private static async Task<string> GetStringOkAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new InvalidOperationException($"GET /{path} answered {(int)response.StatusCode}");
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>Nearest-rank percentile: the smallest value with at least p of the samples at or below it.</summary>
    private static double NearestRank(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument {args[i]}");
            }
            d[args[i][2..]] = args[i + 1];
        }
        return d;
    }

    private static string Get(Dictionary<string, string> d, string key, string fallback) => d.TryGetValue(key, out var v) ? v : fallback;

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();

    [GeneratedRegex("<option value=\"([A-Z]{2}\\|[^\"]+)\"")]
    private static partial Regex AreaOption();

    [GeneratedRegex("<a[^>]*href=\"(?<href>/dev/mailbox/[0-9a-fA-F-]{36})\"[^>]*data-to=\"(?<to>[^\"]*)\"[^>]*data-template=\"(?<tpl>[^\"]*)\"")]
    private static partial Regex MailboxEntry();

    [GeneratedRegex("id=\"mail-links\"[^>]*>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex MailLinks();

    [GeneratedRegex("<a[^>]*href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<div class=\"sms-body\">[^<]*?\\b(\\d{6})\\b")]
    private static partial Regex SmsCode();

    [GeneratedRegex("id=\"sip-domain\"[^>]*>([^<]*)<")]
    private static partial Regex SipDomain();

    [GeneratedRegex("class=\"[^\"]*(?:field-validation-error|validation-summary-errors)[^\"]*\"[^>]*>(.*?)</", RegexOptions.Singleline)]
    private static partial Regex ValidationMessage();
}
