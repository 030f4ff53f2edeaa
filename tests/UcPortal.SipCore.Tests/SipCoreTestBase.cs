using Npgsql;
using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>What every SIP-core test does: write a tenant through <see cref="KamailioStateWriter"/>
/// exactly as the portal's sync job does, then play phones, trunks and the carrier with SIPp.</summary>
public abstract class SipCoreTestBase(SipCoreFixture sip)
{
    /// <summary>The number the carrier calls from in <see cref="CarrierCallAsync"/>.</summary>
    protected const string CarrierCaller = "+13105550123";

    protected SipCoreFixture Sip => sip;

    protected string Proxy => $"127.0.0.1:{sip.SipPort}";

    protected async Task ApplyAsync(TenantPbxState state) => await sip.Writer.ApplyAsync(state, CancellationToken.None);

    /// <param name="ip">The phone's address (a loopback address of its own for a test that fails logins on purpose:
    /// the SIP core blocks an address after too many failures).</param>
    protected async Task RegisterAsync(string user, string domain, string password = Password, string expected = "200", int? port = null, string ip = "127.0.0.1")
    {
        var result = await Sipp.RunAsync("register.xml", port ?? SipCoreFixture.FreeUdpPort(), Proxy, [user, domain, password], expected, localIp: ip);
        Assert.True(result.Succeeded, $"REGISTER {user}@{domain} from {ip} expected {expected}\n{result.Log}\n{KamailioTail()}");
    }

    /// <summary>A REGISTER with the given Contact header value, which must be answered <paramref name="expected"/>
    /// with a reason phrase matching <paramref name="reason"/> (a regexp).</summary>
    protected async Task RegisterWithContactAsync(string user, string domain, string contact, string expected, string reason = ".*", int? port = null)
    {
        var result = await Sipp.RunAsync("register-contact.xml", port ?? SipCoreFixture.FreeUdpPort(), Proxy, [user, domain, Password], expected,
            placeholders: new Dictionary<string, string> { ["CONTACT"] = contact, ["REASON"] = reason });
        Assert.True(result.Succeeded, $"REGISTER {user}@{domain} with Contact {contact} expected {expected} {reason}\n{result.Log}\n{KamailioTail()}");
    }

    /// <summary>Registers the extension from a fresh port, then answers there with the given scenario.</summary>
    protected async Task<Sipp> PhoneAsync(string user, string domain, string scenario, int calls = 1)
    {
        var port = SipCoreFixture.FreeUdpPort();
        await RegisterAsync(user, domain, port: port);
        return Sipp.Start(scenario, port, null, calls: calls, timeoutSeconds: 60);
    }

    /// <summary>A call from a phone (or a registering trunk: <paramref name="from"/> is then the
    /// caller number it presents) that must be answered.</summary>
    protected async Task CallAsync(string user, string domain, string dialled, string? from = null, int holdMs = 200)
    {
        var result = await Sipp.RunAsync("call.xml", SipCoreFixture.FreeUdpPort(), Proxy, [user, domain, Password, dialled, from ?? user], holdMs: holdMs);
        Assert.True(result.Succeeded, $"call {user}@{domain} -> {dialled}\n{result.Log}\n{KamailioTail()}");
    }

    /// <summary>A call that must be refused with <paramref name="code"/> and a reason phrase matching <paramref name="reason"/> (a regexp).</summary>
    protected async Task CallRefusedAsync(string user, string domain, string dialled, string code, string reason = ".*", string? from = null, int? port = null,
        string password = Password, string ip = "127.0.0.1")
    {
        var result = await Sipp.RunAsync("call-refused.xml", port ?? SipCoreFixture.FreeUdpPort(), Proxy, [user, domain, password, dialled, from ?? user], code,
            placeholders: new Dictionary<string, string> { ["REASON"] = reason }, localIp: ip);
        Assert.True(result.Succeeded, $"call {user}@{domain} -> {dialled} expected {code} {reason}\n{result.Log}\n{KamailioTail()}");
    }

    protected async Task CarrierCallAsync(string did, int holdMs = 200)
    {
        var result = await Sipp.RunAsync("call.xml", sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", did, CarrierCaller], holdMs: holdMs);
        Assert.True(result.Succeeded, $"carrier call to {did}\n{result.Log}\n{KamailioTail()}");
    }

    protected async Task CarrierCallRefusedAsync(string did, string code, string reason)
    {
        var result = await Sipp.RunAsync("call-refused.xml", sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", did, CarrierCaller], code,
            placeholders: new Dictionary<string, string> { ["REASON"] = reason });
        Assert.True(result.Succeeded, $"carrier call to {did} expected {code} {reason}\n{result.Log}\n{KamailioTail()}");
    }

    /// <summary>The carrier gateway, waiting for one outbound call: it fails the call unless the
    /// dialled number and the single P-Asserted-Identity are the ones given (plain numbers), and each
    /// header of <paramref name="headers"/> is present with a value matching its regexp.</summary>
    protected Sipp CarrierExpecting(string dialled, string assertedE164, int timeoutSeconds = 60, IReadOnlyDictionary<string, string>? headers = null) =>
        Sipp.Start("carrier-answer.xml", sip.CarrierPort, null, timeoutSeconds: timeoutSeconds, placeholders: new Dictionary<string, string>
        {
            ["DIALLED"] = System.Text.RegularExpressions.Regex.Escape(dialled),
            ["CALLER_ID"] = System.Text.RegularExpressions.Regex.Escape(assertedE164),
            // SIPp refuses a scenario with a variable it never reads: each check logs what it found.
            ["<!--EXTRA_CHECKS-->"] = string.Concat((headers ?? new Dictionary<string, string>()).Select((h, i) =>
                $"<ereg regexp=\"{System.Security.SecurityElement.Escape(h.Value)}\" search_in=\"hdr\" header=\"{h.Key}:\" check_it=\"true\" assign_to=\"extra{i}\"/>" +
                $"<log message=\"{h.Key}: [$extra{i}]\"/>")),
        });

    /// <summary>Listens where the carrier gateway is, for a test that proves nothing reaches it.</summary>
    protected CarrierTap TapTheCarrier() => new(sip.CarrierPort);

    /// <summary>A call from a customer's IP trunk (source 127.0.0.1:<paramref name="trunkPort"/>) presenting
    /// <paramref name="presented"/> as its caller, that must be answered.</summary>
    protected async Task IpTrunkCallAsync(int trunkPort, string domain, string dialled, string presented)
    {
        var result = await Sipp.RunAsync("call.xml", trunkPort, Proxy, ["pbx", domain, "", dialled, presented], holdMs: 200);
        Assert.True(result.Succeeded, $"trunk call from port {trunkPort} -> {dialled}\n{result.Log}\n{KamailioTail()}");
    }

    /// <summary>Starts a call that stays up for <paramref name="holdMs"/>: from a phone or registering trunk
    /// (<paramref name="user"/> authenticates), or from an IP trunk's port (<paramref name="port"/>, no credentials asked).</summary>
    protected Sipp StartHeldCall(string user, string domain, string dialled, int holdMs, string? from = null, int? port = null) =>
        Sipp.Start("call.xml", port ?? SipCoreFixture.FreeUdpPort(), Proxy, [user, domain, Password, dialled, from ?? user], holdMs: holdMs, timeoutSeconds: 30);

    /// <summary>Starts a call that stays up until <see cref="HeldCall.HangUpAsync"/>: from a phone or registering trunk
    /// (<paramref name="user"/> authenticates), or from an IP trunk's port (<paramref name="port"/>, no credentials asked).</summary>
    protected HeldCall StartCallUntilHangUp(string user, string domain, string dialled, string? from = null, int? port = null) =>
        HeldCall.Start(port ?? SipCoreFixture.FreeUdpPort(), Proxy, [user, domain, Password, dialled, from ?? user]);

    /// <summary>Waits until the tenant has this many answered calls in Kamailio's accounting.</summary>
    protected Task WaitForAnsweredCallsAsync(string domain, int count) =>
        WaitForAsync(() => AnsweredCalls(domain) >= count);

    protected long AnsweredCalls(string domain) =>
        Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200'", domain);

    /// <summary>Removes the tenant from the SIP core: its trunk addresses on 127.0.0.1 must not outlive the test.</summary>
    protected Task RemoveAsync(TenantPbxState state) => sip.Writer.RemoveTenantAsync(state.TenantId, state.SipDomain, CancellationToken.None);

    protected string KamailioTail()
    {
        var log = sip.KamailioLog;
        return "--- kamailio\n" + (log.Length > 4000 ? log[^4000..] : log);
    }

    protected long Scalar(string sql, string domain)
    {
        using var conn = sip.OpenDb();
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("d", domain);
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    /// <summary>Polls <paramref name="condition"/> until it holds: a generous limit, as Kamailio writes its
    /// accounting after the phones have finished and a loaded machine can take seconds.</summary>
    protected static async Task WaitForAsync(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in {seconds} s");
            }
            await Task.Delay(100);
        }
    }

    protected static string NewDid() => "+1212" + Random.Shared.Next(1000000, 9999999);

    private static readonly HashSet<string> UsedAddresses = [];

    /// <summary>A loopback address no other test of this run uses (127.0.0.0/8 all reaches Kamailio on 127.0.0.1):
    /// a phone there can fail logins, or get blocked, without touching any other test's phones.</summary>
    protected static string NewLoopbackAddress()
    {
        lock (UsedAddresses)
        {
            while (true)
            {
                var address = $"127.0.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(2, 255)}";
                if (UsedAddresses.Add(address))
                {
                    return address;
                }
            }
        }
    }
}
