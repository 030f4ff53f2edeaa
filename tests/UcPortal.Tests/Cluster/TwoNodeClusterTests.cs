using System.Net;
using Xunit.Abstractions;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;

namespace UcPortal.Tests.Cluster;

/// <summary>The portal as several nodes behind HAProxy (scripts/cluster.sh, decision 028): a customer's
/// requests alternate nodes and keep working; a node killed with SIGKILL in the middle of concurrent
/// signups and PBX changes loses nothing and doubles nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class TwoNodeClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>Trials of these tests take numbers from their own area, so the sample inventory's
    /// New York numbers are not what runs out.</summary>
    private const string City = "Buffalo";
    private const string Area = "US|" + City;

    private static int _nextNumber = Random.Shared.Next(0, 50) * 1000;

    [Fact]
    public async Task AJourneyWhoseRequestsAlternateNodes_KeepsItsSignInAntiforgeryTokensAndSipPasswords()
    {
        await AddTrialNumbersAsync(2);
        var nodes = new List<string>();
        using var browser = cluster.Browser(nodes);

        // Each form is served by one node and posted to the other: the antiforgery token and the
        // sign-in cookie are read by a node that did not make them.
        var signupId = await SignUpAsync(browser, TrialJourney.ValidForm(area: Area), strict: true);
        var tenantId = (await WaitProvisionedAsync([signupId], TimeSpan.FromSeconds(90))).Single();
        var tenant = await cluster.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId));
        for (var i = 0; i < 4; i++)
        {
            var dashboard = await browser.GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains(tenant.SipDomain, await dashboard.Content.ReadAsStringAsync());
        }

        // The SIP password, encrypted by the node that provisioned the tenant, read by both.
        var extension = await cluster.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == tenantId && e.Number == "100"));
        var revealed = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await browser.PostWithTokenAsync("/dashboard", $"/dashboard/extensions/{extension.Id}/password");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var match = RevealedPassword().Match(await response.Content.ReadAsStringAsync());
            Assert.True(match.Success, "no password in the reveal");
            revealed.Add(WebUtility.HtmlDecode(match.Groups[1].Value));
        }
        Assert.Equal(revealed[0], revealed[1]);
        Assert.True(revealed[0].Length >= 16, revealed[0]);

        // A PBX change saved through the load balancer reaches Kamailio, whose digest of the
        // password is the one the revealed password gives.
        var e101 = await cluster.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == tenantId && e.Number == "101"));
        var form = PbxTenants.EditForm(e101);
        form["Name"] = "Front desk";
        var saved = await browser.SubmitAsync($"/pbx/extensions/{e101.Id}", $"/pbx/extensions/{e101.Id}", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await WaitAppliedAsync([tenantId], TimeSpan.FromSeconds(60));
        Assert.Equal("Front desk", await cluster.WithDbAsync(db => db.Extensions.Where(e => e.Id == e101.Id).Select(e => e.Name).SingleAsync()));
        var domain = tenant.SipDomain.ToLowerInvariant();
        var ha1 = await SipCoreScalarAsync<string>("SELECT ha1 FROM subscriber WHERE username = @u AND domain = @d", ("u", extension.SipUsername), ("d", domain));
        Assert.Equal(Md5Hex($"{extension.SipUsername}:{domain}:{revealed[0]}"), ha1);

        Assert.Contains("node1", nodes);
        Assert.Contains("node2", nodes);
        var switches = nodes.Zip(nodes.Skip(1)).Count(p => p.First != p.Second);
        Assert.True(switches >= nodes.Count / 2, $"requests did not alternate: {string.Join(' ', nodes)}");
    }

    [Fact]
    public async Task KillingANodeInTheMiddleOfConcurrentSignupsAndPbxChanges_LosesNothingAndDoublesNothing()
    {
        var signups = int.TryParse(Environment.GetEnvironmentVariable("UCPORTAL_CLUSTER_SIGNUPS"), out var n) ? n : 100;
        const int changers = 4, changesEach = 10;
        await AddTrialNumbersAsync(signups + changers);

        // Tenants whose owners save PBX changes while the node dies.
        var owners = new List<(PortalBrowser Browser, Guid TenantId, Extension Extension)>();
        var ownerSignups = new List<Guid>();
        for (var i = 0; i < changers; i++)
        {
            var browser = cluster.Browser(retryWhileANodeDies: true);
            ownerSignups.Add(await SignUpAsync(browser, TrialJourney.ValidForm(area: Area), strict: true));
            owners.Add((browser, Guid.Empty, null!));
        }
        var ownerTenants = await WaitProvisionedAsync(ownerSignups, TimeSpan.FromSeconds(120));
        for (var i = 0; i < changers; i++)
        {
            var tenantId = ownerTenants[i];
            owners[i] = (owners[i].Browser, tenantId, await cluster.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == tenantId && e.Number == "101")));
        }

        var forms = Enumerable.Range(0, signups).Select(_ => TrialJourney.ValidForm(area: Area)).ToList();
        var nodes = new List<string>();
        var nodesAtKill = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var started = 0;
        using var gate = new SemaphoreSlim(8);
        var signupTasks = forms.Select(async form =>
        {
            await gate.WaitAsync();
            try
            {
                Interlocked.Increment(ref started);
                using var browser = cluster.Browser(nodes, retryWhileANodeDies: true);
                await SignUpAsync(browser, form, strict: false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var changeTasks = owners.Select(async owner =>
        {
            for (var k = 1; k <= changesEach; k++)
            {
                var form = PbxTenants.EditForm(owner.Extension);
                form["Name"] = $"Change {k}";
                var saved = await owner.Browser.SubmitAsync($"/pbx/extensions/{owner.Extension.Id}", $"/pbx/extensions/{owner.Extension.Id}", form);
                Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            }
        }).ToList();
        var killer = Task.Run(async () =>
        {
            while (Volatile.Read(ref started) < signups / 3)
            {
                await Task.Delay(50);
            }
            cluster.KillNode(2);
            lock (nodes)
            {
                nodesAtKill = nodes.Count;
            }
        });
        await Task.WhenAll([.. signupTasks, .. changeTasks, killer]);
        var requestsDone = clock.Elapsed;

        // Node 2 was serving signups when it died; node 1 served the rest.
        Assert.Contains("node2", nodes.Take(nodesAtKill));
        // A dead node answers nothing: past the 8 answers that may have been in hand at the kill, only node 1.
        Assert.True(nodes.Skip(nodesAtKill).Count(n => n == "node2") <= 8, $"node 2 still answered after the kill: {string.Join(' ', nodes.Skip(nodesAtKill))}");
        Assert.True(nodes.Skip(nodesAtKill).Count(n => n == "node1") >= signups / 3, $"{nodes.Count - nodesAtKill} requests after the kill");

        // Jobs the dead node held come back to node 1 after Hangfire's invisibility timeout (30 s).
        var emails = forms.Select(f => f["Form.Email"]).ToList();
        var signupIds = await cluster.WithDbAsync(db => db.TrialSignups.Where(s => emails.Contains(s.Email)).Select(s => s.Id).ToListAsync());
        Assert.Equal(signups, signupIds.Count);
        var tenants = await WaitProvisionedAsync(signupIds, TimeSpan.FromSeconds(240));
        await WaitAppliedAsync([.. tenants, .. ownerTenants], TimeSpan.FromSeconds(120));

        await using (var db = cluster.Db())
        {
            // One account, one signup, one tenant per email; every tenant one trial number and 3 extensions.
            Assert.Equal(signups, await db.Users.CountAsync(u => emails.Contains(u.Email!)));
            Assert.Equal(signups, tenants.Distinct().Count());
            Assert.Equal(signups, await db.Tenants.CountAsync(t => tenants.Contains(t.Id)));
            var numbers = await db.PhoneNumbers.Where(p => p.TenantId != null && tenants.Contains(p.TenantId.Value))
                .GroupBy(p => p.TenantId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(signups, numbers.Count);
            Assert.All(numbers, c => Assert.Equal(1, c));
            var extensions = await db.Extensions.Where(e => tenants.Contains(e.TenantId)).GroupBy(e => e.TenantId).Select(g => g.Count()).ToListAsync();
            Assert.All(extensions, c => Assert.Equal(3, c));

            // Every owner's last change is what is saved and applied.
            foreach (var owner in owners)
            {
                Assert.Equal($"Change {changesEach}", await db.Extensions.Where(e => e.Id == owner.Extension.Id).Select(e => e.Name).SingleAsync());
            }
            var domains = await db.Tenants.Where(t => tenants.Contains(t.Id)).Select(t => t.SipDomain.ToLower()).ToArrayAsync();
            Assert.Equal(3L * signups, await SipCoreScalarAsync<long>("SELECT count(*) FROM subscriber WHERE domain = ANY(@d)", ("d", domains)));
        }

        output.WriteLine($"{signups} signups and {changers * changesEach} PBX changes, 8 signups at a time; node 2 killed after {nodesAtKill} of {nodes.Count} signup responses; " +
            $"requests done in {requestsDone.TotalSeconds:F0} s, everything provisioned and applied after {clock.Elapsed.TotalSeconds:F0} s; {cluster.Retries} requests resent after a 502/503 or a cut connection");
        cluster.StartNode(2);
        foreach (var owner in owners)
        {
            owner.Browser.Dispose();
        }
    }

    /// <summary>Signs up, follows the confirmation link, enters the texted code. <paramref name="strict"/>:
    /// every step must answer as on one node; otherwise (a node may die under it) the end state in
    /// the database is what the test checks.</summary>
    private async Task<Guid> SignUpAsync(PortalBrowser browser, Dictionary<string, string> form, bool strict)
    {
        var submitted = await TrialJourney.SubmitAsync(browser, form);
        if (strict)
        {
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        }
        var email = form["Form.Email"];
        var signup = await cluster.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Email == email));
        var html = await cluster.WithDbAsync(db => db.OutboxEmails.AsNoTracking()
            .Where(e => e.ToAddress == email && e.Template == "confirm-email").OrderByDescending(e => e.CreatedAtUtc).Select(e => e.HtmlBody).FirstAsync());
        var link = new Uri(WebUtility.HtmlDecode(ConfirmLink().Match(html).Groups[1].Value)).PathAndQuery;
        var confirmed = await browser.GetAsync(link);
        if (strict)
        {
            Assert.Equal("/trial/verify-mobile", confirmed.Headers.Location?.OriginalString);
        }
        else if (confirmed.Headers.Location?.OriginalString.StartsWith("/account/login", StringComparison.Ordinal) == true)
        {
            // The node that confirmed the address died before its answer (and the sign-in cookie in it)
            // arrived; the resent click finds the link used and asks to log in, as a person would.
            await browser.LogInAsync(email, form["Form.Password"]);
        }
        var sms = await cluster.WithDbAsync(db => db.OutboxSms.AsNoTracking()
            .Where(m => m.TrialSignupId == signup.Id && m.Template == "mobile-code").OrderByDescending(m => m.CreatedAtUtc).Select(m => m.Body).FirstAsync());
        var verified = await TrialJourney.EnterCodeAsync(browser, SmsCode().Match(sms).Value);
        if (strict)
        {
            Assert.Equal("/dashboard", verified.Headers.Location?.OriginalString);
        }
        return signup.Id;
    }

    private async Task<List<Guid>> WaitProvisionedAsync(IReadOnlyList<Guid> signupIds, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var rows = await cluster.WithDbAsync(db => db.TrialSignups.AsNoTracking().Where(s => signupIds.Contains(s.Id))
                .Select(s => new { s.Id, s.Status, s.TenantId }).ToListAsync());
            if (rows.Count == signupIds.Count && rows.All(r => r.Status == TrialSignupStatus.Provisioned && r.TenantId != null))
            {
                return signupIds.Select(id => rows.Single(r => r.Id == id).TenantId!.Value).ToList();
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"not provisioned in {within}: " + string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}")) + NodeLogsTail());
            await Task.Delay(500);
        }
    }

    private async Task WaitAppliedAsync(IReadOnlyList<Guid> tenantIds, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var behind = await cluster.WithDbAsync(db => db.TenantSyncStates.AsNoTracking()
                .Where(s => tenantIds.Contains(s.TenantId) && (s.AppliedVersion < s.DesiredVersion || s.Status != SyncStatus.Applied))
                .Select(s => new { s.TenantId, s.AppliedVersion, s.DesiredVersion, s.Status, s.LastError }).ToListAsync());
            var known = await cluster.WithDbAsync(db => db.TenantSyncStates.CountAsync(s => tenantIds.Contains(s.TenantId)));
            if (behind.Count == 0 && known == tenantIds.Distinct().Count())
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"not applied in {within}: {known} of {tenantIds.Count} known, behind: " + string.Join("; ", behind.Take(5)) + NodeLogsTail());
            await Task.Delay(500);
        }
    }

    private async Task AddTrialNumbersAsync(int count)
    {
        await using var db = cluster.Db();
        var first = Interlocked.Add(ref _nextNumber, count) - count;
        for (var i = 0; i < count; i++)
        {
            // +1 716 555 01xx-style fictional numbers, unique per run of this class.
            db.PhoneNumbers.Add(new PhoneNumber
            {
                E164 = $"+1716{(first + i) / 10000 % 1000:D3}{(first + i) % 10000:D4}",
                Country = "US",
                Region = "New York",
                City = City,
                Type = NumberType.Local,
                Pool = NumberPool.Trial,
                Status = NumberStatus.Available,
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task<T> SipCoreScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(cluster.SipCoreConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private string NodeLogsTail() =>
        string.Concat(new[] { 1, 2 }.Select(n => $"\n--- node{n}.log (errors) ---\n" +
            string.Join('\n', cluster.NodeLog(n).Split('\n').Where(l => l.StartsWith("fail:") || l.StartsWith("crit:")).TakeLast(10))));

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("data-testid=\"sip-password-100\">([^<]+)<")]
    private static partial Regex RevealedPassword();

    [GeneratedRegex("href=\"(http[^\"]*/account/confirm-email[^\"]*)\"")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SmsCode();
}
