using System.Globalization;
using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Voicemail;
using static UcPortal.SipCore.Tests.TrialLifecycleTests;

namespace UcPortal.SipCore.Tests;

/// <summary>Auto attendants end to end (decision 026): the real portal (media service on, baresip started by it)
/// on this fixture's Kamailio. The carrier (SIPp) calls the trial's number, routed to a menu whose key 1 leads to
/// extension 100 and key 2 to extension 105; it presses a key with RFC 2833 in its own RTP stream, takes the
/// engine's REFER and calls where it was referred, as a carrier does. The phone behind the key must ring and answer.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class AttendantTests(SipCoreFixture sip) : SipCoreTestBase(sip), IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-sip-ivr-" + Guid.NewGuid().ToString("N")[..10]);
    private PortalOnSipCore? _portal;

    [Fact]
    public async Task Key2_RingsTheExtensionBehindKey2_NotTheOneBehindKey1()
    {
        var t = await TrialWithMenuAsync();
        using var phone100 = await PhoneAsync(t, "100", "ring-unanswered.xml", timeoutSeconds: 12);
        using var phone105 = await PhoneAsync(t, "105", "answer.xml");

        var call = await Sipp.RunAsync("call-ivr.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", t.Number, CarrierCaller, "A"],
            timeoutSeconds: 30, placeholders: Keys('2'), mediaPort: SipCoreFixture.FreeUdpPort());
        Assert.True(call.Succeeded, $"key 2 did not reach an answering phone\n{call.Log}\n{KamailioTail()}\n{EngineLog()}");
        Assert.True((await phone105.WaitAsync()).Succeeded, "extension 105 (key 2) did not ring and answer");
        Assert.False((await phone100.WaitAsync()).Succeeded, "extension 100 (key 1) rang for key 2");
    }

    [Fact]
    public async Task TheRepeatKey_PlaysTheMenuAgain_ThenKey2_RingsTheExtensionBehindKey2()
    {
        // Key 9 plays the menu again: the engine sends the caller back to the menu (ivrx-<menu>-r1, answered by the
        // engine's next level), where key 2 leads to extension 105 as in the first round.
        var t = await TrialWithMenuAsync("1=Extension:100\n2=Extension:105\n9=Repeat");
        using var phone105 = await PhoneAsync(t, "105", "answer.xml");

        var call = await Sipp.RunAsync("call-ivr-repeat.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", t.Number, CarrierCaller],
            timeoutSeconds: 40, placeholders: Keys('9', '2'), mediaPort: SipCoreFixture.FreeUdpPort());
        Assert.True(call.Succeeded, $"repeat then key 2 did not reach an answering phone\n{call.Log}\n{KamailioTail()}\n{EngineLog()}");
        Assert.True((await phone105.WaitAsync()).Succeeded, "extension 105 (key 2, after the repeat) did not ring and answer");
    }

    [Fact]
    public async Task ACarrierThatRefusesTheTransfer_GetsTheCallEnded_NotSilenceUntilThePromptRunsOut()
    {
        // The prompt is padded with the 10 s timeout and 30 s of silence: without handling the refusal, the engine
        // would hang up only after ~40 s. The scenario gives it 20 s from the start of the call.
        var t = await TrialWithMenuAsync();

        var started = DateTime.UtcNow;
        var call = await Sipp.RunAsync("call-ivr-refer-refused.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", t.Number, CarrierCaller],
            timeoutSeconds: 20, placeholders: Keys('2'), mediaPort: SipCoreFixture.FreeUdpPort());
        Assert.True(call.Succeeded, $"the engine did not end the call after the carrier refused its REFER\n{call.Log}\n{KamailioTail()}\n{EngineLog()}");
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 1, 20);
    }

    [Fact]
    public async Task AnInvalidKey_TakesTheInvalidKeyAction()
    {
        // Key 7 leads nowhere; the invalid-key action is extension 105.
        var t = await TrialWithMenuAsync();
        using var phone105 = await PhoneAsync(t, "105", "answer.xml");

        var call = await Sipp.RunAsync("call-ivr.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", t.Number, CarrierCaller, "A"],
            timeoutSeconds: 30, placeholders: Keys('7'), mediaPort: SipCoreFixture.FreeUdpPort());
        Assert.True(call.Succeeded, $"an invalid key did not take the invalid-key action\n{call.Log}\n{KamailioTail()}\n{EngineLog()}");
        Assert.True((await phone105.WaitAsync()).Succeeded, "extension 105 (the invalid-key action) did not ring and answer");
    }

    [Fact]
    public async Task TwoCallsAtOnce_PressingDifferentKeys_ReachDifferentExtensions()
    {
        var t = await TrialWithMenuAsync();
        using var phone100 = await PhoneAsync(t, "100", "answer.xml");
        using var phone105 = await PhoneAsync(t, "105", "answer.xml");

        // One SIPp process as the carrier (only its port is the carrier's), two calls 0.1 s apart, each with its own key.
        using (var carrier = Sipp.Start("call-ivr.xml", Sip.CarrierPort, Proxy, calls: 2, timeoutSeconds: 40, mediaPort: SipCoreFixture.FreeUdpPort(),
            placeholders: Keys('1', '2'), csvRows: [[CarrierCaller, "carrier.example", "", t.Number, CarrierCaller, "A"], [CarrierCaller, "carrier.example", "", t.Number, CarrierCaller, "B"]]))
        {
            var result = await carrier.WaitAsync();
            Assert.True(result.Succeeded, $"two calls at once\n{result.Log}\n{KamailioTail()}\n{EngineLog()}");
        }
        Assert.True((await phone100.WaitAsync()).Succeeded, "extension 100 (key 1) did not answer its call");
        Assert.True((await phone105.WaitAsync()).Succeeded, "extension 105 (key 2) did not answer its call");
    }

    [Fact]
    public async Task AClosedNumberWithNowhereToGo_IsAnsweredWithTheClosedAnnouncement_NotA4xx()
    {
        var t = await TrialWithMenuAsync();
        await using (var scope = _portal!.Services.CreateAsyncScope())
        {
            // Business hours with no open time at all: always closed, and closed calls go nowhere.
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var schedule = new Schedule { Id = Guid.NewGuid(), TenantId = t.TenantId, Name = "Never open", TimeZone = "UTC", CreatedAtUtc = DateTime.UtcNow };
            db.Schedules.Add(schedule);
            var route = await db.NumberRoutes.SingleAsync(r => r.TenantId == t.TenantId);
            route.ScheduleId = schedule.Id;
            route.ClosedDestination = CallDestination.None;
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<SipCoreSyncJob>().RunAsync(t.TenantId, CancellationToken.None);
        }
        var engine = _portal.Services.GetRequiredService<MediaEngineService>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!engine.HasAccount("ann-closed-en-gb"))
        {
            Assert.True(DateTime.UtcNow < until, $"the engine never answered the closed announcement\n{engine.EngineLog}");
            await Task.Delay(100);
        }

        // The caller is answered (200), hears the announcement, and the engine hangs up when it ends (its BYE).
        var started = DateTime.UtcNow;
        var call = await Sipp.RunAsync("call-until-bye.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", t.Number, CarrierCaller], timeoutSeconds: 30);
        var lasted = DateTime.UtcNow - started;
        Assert.True(call.Succeeded, $"the closed number was not answered with an announcement\n{call.Log}\n{KamailioTail()}\n{EngineLog()}");
        Assert.InRange(lasted.TotalSeconds, 2, 25);
        Assert.Contains("ann-closed-en-gb", engine.EngineLog, StringComparison.Ordinal);
    }

    private sealed record Trial(Guid TenantId, string Domain, string Number, Dictionary<string, string> Passwords);

    /// <summary>A phone registered as <paramref name="extension"/>, answering with <paramref name="scenario"/>.</summary>
    private async Task<Sipp> PhoneAsync(Trial t, string extension, string scenario, int timeoutSeconds = 30)
    {
        var port = SipCoreFixture.FreeUdpPort();
        await RegisterAsync(Username(t, extension), t.Domain, t.Passwords[extension], port: port);
        return Sipp.Start(scenario, port, null, timeoutSeconds: timeoutSeconds);
    }

    private string Username(Trial t, string extension)
    {
        using var scope = _portal!.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<PortalDbContext>().Extensions
            .Where(e => e.TenantId == t.TenantId && e.Number == extension).Select(e => e.SipUsername).Single();
    }

    /// <summary>A GB trial with extensions 100 and 105 and a menu (1 → 100, 2 → 105, invalid key → 105, no key →
    /// nobody) answering its number, synced to Kamailio and answered by the engine.</summary>
    private async Task<Trial> TrialWithMenuAsync(string keys = "1=Extension:100\n2=Extension:105")
    {
        Directory.CreateDirectory(_folder);
        _portal = new PortalOnSipCore(Sip, TimeProvider.System, _folder, new Dictionary<string, string>
        {
            ["Voicemail:Enabled"] = "true",
            ["Voicemail:EngineDirectory"] = Path.Combine(_folder, "engine"),
            ["Voicemail:StorageDirectory"] = Path.Combine(_folder, "voicemail"),
            ["Voicemail:SipListen"] = $"127.0.0.1:{Sip.MediaPort}",
            ["Voicemail:ControlListen"] = $"127.0.0.1:{SipCoreFixture.FreePorts(SipCoreFixture.MediaEngines, udp: false)}",
            ["Voicemail:Engines"] = SipCoreFixture.MediaEngines.ToString(CultureInfo.InvariantCulture),
            ["Voicemail:SipCoreAddress"] = Proxy,
            ["Voicemail:RtpPorts"] = "31200-31399",
            ["Voicemail:MailboxSyncSeconds"] = "1",
        });
        _portal.Services.GetRequiredService<MediaEngineService>(); // built with the host
        var (tenantId, domain) = await StartTrialAsync(_portal);
        string number;
        Guid menuId;
        var passwords = new Dictionary<string, string>();
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var credentials = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>();
            var phone = await db.PhoneNumbers.SingleAsync(n => n.TenantId == tenantId);
            number = phone.E164;
            var first = await db.Extensions.SingleAsync(e => e.TenantId == tenantId && e.Number == "100");
            passwords["100"] = credentials.Unprotect(first.SipPasswordProtected);
            var password = SipCredentialFactory.NewPassword();
            var username = first.SipUsername + "b";
            db.Extensions.Add(new Extension
            {
                Id = Guid.NewGuid(), TenantId = tenantId, Number = "105", Name = "Support", SipUsername = username,
                SipPasswordProtected = credentials.Protect(password), Ha1 = SipCredentialFactory.Ha1(username, domain, password),
                VoicemailEnabled = false, CreatedAtUtc = DateTime.UtcNow,
            });
            passwords["105"] = password;
            first.VoicemailEnabled = false;
            var menu = new AutoAttendant
            {
                Id = Guid.NewGuid(), TenantId = tenantId, Name = "Main menu", PromptText = "For sales press 1. For support press 2.",
                TimeoutSeconds = 10, Keys = keys,
                InvalidDestination = CallDestination.To(DestinationKind.Extension, "105"), CreatedAtUtc = DateTime.UtcNow,
            };
            db.AutoAttendants.Add(menu);
            menuId = menu.Id;
            db.NumberRoutes.Add(new NumberRoute { PhoneNumberId = phone.Id, TenantId = tenantId, OpenDestination = CallDestination.To(DestinationKind.Menu, menu.Id.ToString()) });
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<SipCoreSyncJob>().RunAsync(tenantId, CancellationToken.None);
        }
        var engine = _portal.Services.GetRequiredService<MediaEngineService>();
        var until = DateTime.UtcNow.AddSeconds(40);
        var levels = keys.Contains("=Repeat", StringComparison.Ordinal) ? AutoAttendant.MaxRepeats : 0;
        while (!engine.HasAttendant(menuId) || !engine.HasAccount(levels == 0 ? $"ivr-{menuId:N}" : $"ivr-{menuId:N}-r{levels}"))
        {
            Assert.True(DateTime.UtcNow < until, $"the engine never answered the menu\n{engine.EngineLog}");
            await Task.Delay(100);
        }
        return new Trial(tenantId, domain, number, passwords);
    }

    /// <summary>1 s of A-law silence, the RFC 2833 event for <paramref name="key"/> and 1 s more, in one RTP stream
    /// (one SSRC, continuous sequence numbers): SIPp's stock DTMF pcaps use an SSRC of their own, which the
    /// engine ignores (MEDIA.md, pitfall 9).</summary>
    private string DtmfPcap(char key)
    {
        var path = Path.Combine(_folder, $"dtmf-{key}.pcap");
        if (File.Exists(path))
        {
            return path;
        }
        var evt = key switch { '*' => 10, '#' => 11, _ => key - '0' };
        var packets = new List<(double Time, byte[] Rtp)>();
        ushort seq = 1000;
        uint ts = 0;
        var time = 0.0;
        byte[] Rtp(int pt, bool marker, byte[] payload)
        {
            var b = new byte[12 + payload.Length];
            b[0] = 0x80;
            b[1] = (byte)((marker ? 0x80 : 0) | pt);
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), seq++);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), ts);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 0x11223344);
            payload.CopyTo(b, 12);
            return b;
        }
        void Add(byte[] rtp) { packets.Add((time, rtp)); time += 0.02; }
        var silence = Enumerable.Repeat((byte)0xD5, 160).ToArray();
        for (var i = 0; i < 50; i++) { Add(Rtp(8, i == 0, silence)); ts += 160; }
        var start = ts;
        for (var i = 0; i < 6; i++) { Add(Rtp(101, i == 0, [(byte)evt, 10, (byte)((160 * (i + 1)) >> 8), (byte)(160 * (i + 1))])); }
        for (var i = 0; i < 3; i++) { Add(Rtp(101, false, [(byte)evt, 0x80 | 10, (160 * 6) >> 8, (160 * 6) & 0xFF])); }
        ts = start + 160 * 9;
        for (var i = 0; i < 50; i++) { Add(Rtp(8, false, silence)); ts += 160; }

        using var w = new BinaryWriter(File.Create(path));
        w.Write(0xa1b2c3d4u); w.Write((ushort)2); w.Write((ushort)4); w.Write(0); w.Write(0u); w.Write(65535u); w.Write(1u);
        foreach (var (t, rtp) in packets)
        {
            var frame = new byte[14 + 20 + 8 + rtp.Length];
            frame[12] = 0x08;
            var ip = frame.AsSpan(14);
            ip[0] = 0x45; ip[8] = 64; ip[9] = 17;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + rtp.Length));
            ip[12] = 127; ip[15] = 1; ip[16] = 127; ip[19] = 1;
            var udp = frame.AsSpan(34);
            BinaryPrimitives.WriteUInt16BigEndian(udp, 6000);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 6002);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + rtp.Length));
            rtp.CopyTo(frame, 42);
            w.Write((uint)t); w.Write((uint)((t % 1) * 1e6)); w.Write((uint)frame.Length); w.Write((uint)frame.Length);
            w.Write(frame);
        }
        return path;
    }

    /// <summary>The key a call presses: PCAP_A (and PCAP_B for a CSV row marked "B").</summary>
    private Dictionary<string, string> Keys(char a, char? b = null) => new()
    {
        ["PCAP_A"] = DtmfPcap(a),
        ["PCAP_B"] = DtmfPcap(b ?? a),
    };

    private string EngineLog() => _portal?.Services.GetRequiredService<MediaEngineService>().EngineLog ?? "";

    public void Dispose()
    {
        _portal?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
