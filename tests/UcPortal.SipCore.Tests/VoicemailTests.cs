using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Voicemail;
using static UcPortal.SipCore.Tests.TrialLifecycleTests;

namespace UcPortal.SipCore.Tests;

/// <summary>Voicemail end to end: the real portal (media service on, baresip started by it) on this fixture's
/// Kamailio; the carrier (SIPp) calls the trial's number, which rings extension 100, and speaks SIPp's
/// g711a.pcap (7.05 s of speech) from the moment the mailbox answers. The message must reach the portal
/// with the caller, the extension and the length of what the caller said after the greeting.</summary>
[Collection(SipCoreCollection.Name)]
public sealed partial class VoicemailTests(SipCoreFixture sip) : SipCoreTestBase(sip), IDisposable
{
    private const double SpeechSeconds = 7.05;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-sip-voicemail-" + Guid.NewGuid().ToString("N")[..10]);
    private PortalOnSipCore? _portal;

    [Fact]
    public async Task ACallToAnUnregisteredExtension_LeavesAMessage_WithTheCallerTheExtensionAndTheSpokenLength()
    {
        var (tenantId, domain, number) = await TrialWithMailboxAsync();
        var greeting = await GreetingSecondsAsync(domain);

        // The caller starts talking 3 s before the beep: those 3 s are not in the message.
        await LeaveMessageAsync(number, speakAfterSeconds: greeting - 3);

        var message = await MessageAsync(tenantId, 1);
        await AssertMessageAsync(tenantId, message.Single(), SpeechSeconds - 3);

        // The extension's user is emailed, with the recording attached and a link to the page.
        await using var scope = _portal!.Services.CreateAsyncScope();
        var email = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxEmails.AsNoTracking()
            .SingleAsync(e => e.TenantId == tenantId && e.Template == "new-voicemail");
        Assert.Equal(scope.ServiceProvider.GetRequiredService<VoicemailStorage>().PathOf(tenantId, message.Single().FileName), email.AttachmentPath);
        Assert.Equal("audio/wav", email.AttachmentType);
        Assert.Contains("http://portal.test/pbx/voicemail", email.HtmlBody);
        Assert.Contains(CarrierCaller, email.Subject);
    }

    [Fact]
    public async Task BusyAndUnansweredCalls_ReachTheMailbox()
    {
        var (tenantId, domain, number) = await TrialWithMailboxAsync(noAnswerSeconds: 2);
        var greeting = await GreetingSecondsAsync(domain);

        using (var busy = await TrialPhoneAsync(tenantId, domain, "busy.xml"))
        {
            await LeaveMessageAsync(number, greeting + 0.5);
            Assert.True((await busy.WaitAsync()).Succeeded, "the phone was not offered the call before the mailbox");
        }
        await MessageAsync(tenantId, 1);

        using (var ringing = await TrialPhoneAsync(tenantId, domain, "ring-unanswered.xml"))
        {
            // The phone rings 2 s before the mailbox answers.
            await LeaveMessageAsync(number, greeting + 0.5);
            Assert.True((await ringing.WaitAsync()).Succeeded, "the phone did not ring (and get cancelled) before the mailbox");
        }
        foreach (var m in await MessageAsync(tenantId, 2))
        {
            await AssertMessageAsync(tenantId, m, SpeechSeconds);
        }
    }

    [Fact]
    public async Task ThreeCallsAtOnce_GiveThreeSeparateMessages()
    {
        var (tenantId, domain, number) = await TrialWithMailboxAsync();
        var greeting = await GreetingSecondsAsync(domain);

        // One SIPp process as the carrier (only its port is the carrier's) placing three calls 0.1 s apart.
        using (var carrier = Sipp.Start("call-voicemail.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", number, CarrierCaller],
            calls: 3, timeoutSeconds: 40, placeholders: Speak(greeting + 0.5), mediaPort: SipCoreFixture.FreeUdpPort()))
        {
            var result = await carrier.WaitAsync();
            Assert.True(result.Succeeded, $"three calls at once\n{result.Log}\n{KamailioTail()}\n{EngineLog()}");
        }
        var messages = await MessageAsync(tenantId, 3);
        Assert.Equal(3, messages.Select(m => m.CallId).Distinct().Count());
        Assert.Equal(3, messages.Select(m => m.FileName).Distinct().Count());
        foreach (var m in messages)
        {
            await AssertMessageAsync(tenantId, m, SpeechSeconds);
        }
    }

    /// <summary>Four carrier calls meet at a gate in Kamailio and are sent to the engine together at the start of a
    /// second, so the engine answers (and sndfile opens a recording for) all four within the same second. Each caller
    /// plays its own tone: each message must hold its own caller's tone, no other caller's, for as long as it played.</summary>
    [Fact]
    public async Task FourCallsAnsweredInTheSameSecond_EachMessageHoldsItsOwnCallersAudio()
    {
        // The trial's call cap must not turn callers away: the engine is what is tested.
        var (tenantId, domain, number) = await TrialWithMailboxAsync(maxCalls: 8);
        var greeting = await GreetingSecondsAsync(domain);
        const double toneSeconds = 4;
        double[] tones = [400, 700, 1100, 1700];
        var callers = tones.Select((_, i) => $"+1310555020{i + 1}").ToArray();
        var placeholders = new Dictionary<string, string>
        {
            ["SPEAK_AFTER_MS"] = ((int)((greeting + 0.5) * 1000)).ToString(CultureInfo.InvariantCulture),
            ["SPEAK_FOR_MS"] = ((int)((toneSeconds + 1) * 1000)).ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < tones.Length; i++)
        {
            var pcap = Path.Combine(_folder, $"tone-{tones[i]}.pcap");
            ToneAudio.WritePcap(pcap, tones[i], toneSeconds);
            placeholders[$"PCAP_{(char)('A' + i)}"] = pcap;
        }

        await Sip.RpcAsync("pv.shvSet", "test_engine_gate", "int", tones.Length);
        try
        {
            // One SIPp process as the carrier (only its port is the carrier's), one call per caller, each its own tone.
            using var carrier = Sipp.Start("call-voicemail-own-audio.xml", Sip.CarrierPort, Proxy, calls: tones.Length, timeoutSeconds: 60,
                placeholders: placeholders, mediaPort: SipCoreFixture.FreeUdpPort(),
                csvRows: callers.Select((c, i) => new[] { c, "carrier.example", "", number, c, ((char)('A' + i)).ToString() }).ToList());
            var result = await carrier.WaitAsync();
            Assert.Null(await Sip.HtableIntAsync("enginegate", "timeout"));
            Assert.True(result.Succeeded, $"four calls at once\n{result.Log}\n{KamailioTail()}\n{EngineLog()}");
        }
        finally
        {
            await Sip.RpcAsync("pv.shvSet", "test_engine_gate", "int", 0);
            foreach (var key in (string[])["a", "go", "timeout"])
            {
                try
                {
                    await Sip.RpcAsync("htable.delete", "enginegate", key);
                }
                catch (UcPortal.Pbx.KamailioRpcException)
                {
                }
            }
        }

        var messages = await MessageAsync(tenantId, tones.Length);
        Assert.Equal(callers.Order(StringComparer.Ordinal), messages.Select(m => m.Caller).Order(StringComparer.Ordinal));
        foreach (var m in messages)
        {
            var own = Array.IndexOf(callers, m.Caller);
            string path;
            await using (var scope = _portal!.Services.CreateAsyncScope())
            {
                path = scope.ServiceProvider.GetRequiredService<VoicemailStorage>().PathOf(tenantId, m.FileName);
            }
            var power = ToneAudio.RelativePower(path, tones);
            var heard = string.Join(", ", tones.Select((t, i) => $"{t} Hz {power[i]:0.000}"));
            Assert.True(power[own] == 1.0, $"the message of {m.Caller} (who played {tones[own]} Hz) holds another caller's audio: {heard}\n{EngineLog()}");
            Assert.True(power.Where((_, i) => i != own).All(p => p < 0.05), $"the message of {m.Caller} ({tones[own]} Hz) has another caller's audio in it: {heard}");
            Assert.InRange(m.DurationSeconds, toneSeconds - 0.3, toneSeconds + 0.3);
            Assert.InRange(AudioSeconds(path), toneSeconds - 0.3, toneSeconds + 0.3);
        }
    }

    /// <summary>The caller waits <paramref name="speakAfterSeconds"/> from the answer, speaks the pcap, hangs up 1 s after it.</summary>
    private static Dictionary<string, string> Speak(double speakAfterSeconds) => new()
    {
        ["SPEAK_AFTER_MS"] = ((int)(speakAfterSeconds * 1000)).ToString(CultureInfo.InvariantCulture),
        ["SPEAK_FOR_MS"] = ((int)((SpeechSeconds + 1) * 1000)).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Extension 100's phone (the trial's generated password), answering with <paramref name="scenario"/>.</summary>
    private async Task<Sipp> TrialPhoneAsync(Guid tenantId, string domain, string scenario)
    {
        string password;
        await using (var scope = _portal!.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Extensions
                .Where(e => e.TenantId == tenantId && e.Number == "100").Select(e => e.SipPasswordProtected).SingleAsync();
            password = scope.ServiceProvider.GetRequiredService<UcPortal.Web.Features.Pbx.SipCredentialFactory>().Unprotect(stored);
        }
        var port = SipCoreFixture.FreeUdpPort();
        await RegisterAsync("100", domain, password, port: port);
        return Sipp.Start(scenario, port, null, timeoutSeconds: 30);
    }

    private async Task<double> GreetingSecondsAsync(string domain)
    {
        await using var scope = _portal!.Services.CreateAsyncScope();
        var mailboxes = await scope.ServiceProvider.GetRequiredService<Mailboxes>().ListAsync(CancellationToken.None);
        return mailboxes.Single(a => a.Aor.Contains($"vm-100-{domain}@", StringComparison.Ordinal)).GreetingSeconds;
    }

    private async Task LeaveMessageAsync(string number, double speakAfterSeconds)
    {
        var call = await Sipp.RunAsync("call-voicemail.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", number, CarrierCaller],
            timeoutSeconds: 30, placeholders: Speak(speakAfterSeconds), mediaPort: SipCoreFixture.FreeUdpPort());
        Assert.True(call.Succeeded, $"the mailbox did not answer the carrier's call to {number}\n{call.Log}\n{KamailioTail()}\n{EngineLog()}");
    }

    /// <summary>The greeting is not in the message: it holds what the caller said after the beep (within 0.3 s),
    /// and it is not silence.</summary>
    private async Task AssertMessageAsync(Guid tenantId, VoicemailMessage m, double expectedSeconds)
    {
        string path;
        await using (var scope = _portal!.Services.CreateAsyncScope())
        {
            path = scope.ServiceProvider.GetRequiredService<VoicemailStorage>().PathOf(tenantId, m.FileName);
        }
        Assert.Equal("100", m.ExtensionNumber);
        Assert.Equal(CarrierCaller, m.Caller);
        Assert.InRange(m.DurationSeconds, expectedSeconds - 0.3, expectedSeconds + 0.3);
        Assert.InRange(AudioSeconds(path), expectedSeconds - 0.3, expectedSeconds + 0.3);
        Assert.True(File.Exists(path), path);
        Assert.False(path.Contains("wwwroot", StringComparison.Ordinal));
        Assert.True(Rms(path) > 0.01, $"the message is silence (RMS {Rms(path)})");
    }

    private static double AudioSeconds(string wav)
    {
        using var p = Process.Start(new ProcessStartInfo("soxi", ["-D", wav]) { RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return double.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    private async Task<List<VoicemailMessage>> MessageAsync(Guid tenantId, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using (var scope = _portal!.Services.CreateAsyncScope())
            {
                var list = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().VoicemailMessages.AsNoTracking()
                    .Where(m => m.TenantId == tenantId).ToListAsync();
                if (list.Count >= count || DateTime.UtcNow > until)
                {
                    Assert.True(list.Count == count, $"{list.Count} message(s) in the portal, expected {count}\n{EngineLog()}\n{KamailioTail()}");
                    return list;
                }
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A GB trial from the signup form (its number rings extension 100, mailbox on by default),
    /// synced to Kamailio, its mailbox answered by the engine.</summary>
    private async Task<(Guid TenantId, string Domain, string Number)> TrialWithMailboxAsync(int? noAnswerSeconds = null, int? maxCalls = null)
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
            ["Voicemail:RtpPorts"] = "31000-31199",
            ["Voicemail:MaxMessageSeconds"] = "20",
            ["Voicemail:MailboxSyncSeconds"] = "1",
        });
        _portal.Services.GetRequiredService<MediaEngineService>(); // built with the host
        var (tenantId, domain) = await StartTrialAsync(_portal);
        string number;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            number = await db.PhoneNumbers.Where(n => n.TenantId == tenantId).Select(n => n.E164).SingleAsync();
            if (noAnswerSeconds is { } s)
            {
                var ext = await db.Extensions.SingleAsync(e => e.TenantId == tenantId && e.Number == "100");
                ext.NoAnswerSeconds = s;
                await db.SaveChangesAsync();
            }
            if (maxCalls is { } max)
            {
                var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
                tenant.MaxConcurrentCalls = max;
                await db.SaveChangesAsync();
            }
            await scope.ServiceProvider.GetRequiredService<SipCoreSyncJob>().RunAsync(tenantId, CancellationToken.None);
        }
        var engine = _portal.Services.GetRequiredService<MediaEngineService>();
        // Every engine of the pool must have the mailbox; a loaded machine makes the first prompts slowly.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!engine.HasMailbox(domain, "100"))
        {
            Assert.True(DateTime.UtcNow < until, $"the engine never answered mailbox 100@{domain}\n{engine.EngineLog}");
            await Task.Delay(100);
        }
        return (tenantId, domain, number);
    }

    private string EngineLog() => _portal?.Services.GetRequiredService<MediaEngineService>().EngineLog ?? "";

    private static double Rms(string wav)
    {
        var psi = new ProcessStartInfo("sox", [wav, "-n", "stat"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var text = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var m = RmsLine().Match(text);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"RMS\s+amplitude:\s+([0-9.]+)")]
    private static partial Regex RmsLine();

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
