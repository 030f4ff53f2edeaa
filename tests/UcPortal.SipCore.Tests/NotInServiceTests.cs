using System.Globalization;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Pbx;
using UcPortal.Web.Features.Voicemail;
using static UcPortal.SipCore.Tests.TrialLifecycleTests;

namespace UcPortal.SipCore.Tests;

/// <summary>"Number not in service" (decisions 026, 031): while the portal's media service has its engine answering,
/// it writes <c>m:ann</c> and a carrier call to a number no tenant holds is answered by the engine's announcement,
/// which the carrier hears and which hangs up when it ends; once the portal stops, the same call gets 404 again
/// (and the SIP-core tests without an engine never see the key). A caller answered by the engine cannot make it
/// call anywhere with a REFER.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class NotInServiceTests(SipCoreFixture sip) : SipCoreTestBase(sip), IDisposable
{
    private const string NobodysNumber = "+442079460999";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-sip-nis-" + Guid.NewGuid().ToString("N")[..10]);
    private PortalOnSipCore? _portal;

    [Fact]
    public async Task ANumberNoTenantHolds_IsAnsweredWithTheNotInServiceAnnouncement_AndIs404AgainWithoutTheEngine()
    {
        var engine = await PortalWithEngineAsync();

        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var listenPort = ((IPEndPoint)listener.Client.LocalEndPoint!).Port;
        var audio = ReceiveAudioAsync(listener);
        var call = await Sipp.RunAsync("call-listen.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", NobodysNumber, CarrierCaller],
            timeoutSeconds: 30, placeholders: new Dictionary<string, string> { ["LISTEN_PORT"] = listenPort.ToString() });
        Assert.True(call.Succeeded, $"the call to a number nobody holds was not answered and ended by the engine\n{call.Log}\n{KamailioTail()}\n{engine.EngineLog}");

        // What the carrier heard is the announcement: as much speech as the announcement's own file holds, not silence
        // (nor another announcement: "closed" is twice as long).
        var heard = await StopAsync(listener, audio);
        var expected = VoicedFrames(await PcmOfAsync(await NisPromptAsync()));
        var voiced = heard.Count(f => Loud(f));
        Assert.True(expected > 50, $"the announcement file itself has only {expected} voiced 20 ms frames");
        Assert.True(voiced >= expected * 0.75 && voiced <= expected * 1.25,
            $"the carrier heard {voiced} voiced 20 ms frames of {heard.Count}; the announcement has {expected}");
        Assert.Contains("ann-nis-en-us", engine.EngineLog, StringComparison.Ordinal);

        // The portal stops: the engine no longer answers, and the SIP core says so with the plain 404.
        _portal!.Dispose();
        _portal = null;
        Assert.Null(await MediaKeyAsync());
        await CarrierCallRefusedAsync(NobodysNumber, "404", "Number Not In Service");
    }

    [Fact]
    public async Task WithoutTheMediaEngine_ANumberNoTenantHolds_Is404()
    {
        Assert.Null(await MediaKeyAsync());
        await CarrierCallRefusedAsync(NobodysNumber, "404", "Number Not In Service");
    }

    [Fact]
    public async Task ACallerAnsweredByTheEngine_CannotMakeItCallElsewhere_WithAREFER()
    {
        var engine = await PortalWithEngineAsync();
        // Where the caller asks the engine to call: an outside number at a "gateway" that must never hear of it.
        var targetPort = SipCoreFixture.FreeUdpPort();
        using var target = new CarrierTap(targetPort);

        var call = await Sipp.RunAsync("call-refer-engine.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", NobodysNumber, CarrierCaller],
            expected: "403", timeoutSeconds: 30, placeholders: new Dictionary<string, string> { ["REFER_TARGET"] = $"sip:+19005550100@127.0.0.1:{targetPort}" });
        Assert.True(call.Succeeded, $"the caller's REFER to the engine was not refused\n{call.Log}\n{KamailioTail()}\n{engine.EngineLog}");
        await target.AssertNothingReachedAsync();
    }

    /// <summary>The portal with its media service on (baresip started by it), once it told the SIP core its engine answers.</summary>
    private async Task<MediaEngineService> PortalWithEngineAsync()
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
            ["Voicemail:RtpPorts"] = "31400-31599",
            ["Voicemail:MailboxSyncSeconds"] = "1",
        });
        var engine = _portal.Services.GetRequiredService<MediaEngineService>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await MediaKeyAsync() != "en-us")
        {
            Assert.True(DateTime.UtcNow < until, $"the media service never told the SIP core its engine answers\n{engine.EngineLog}");
            await Task.Delay(100);
        }
        Assert.True(engine.HasAccount("ann-nis-en-us"));
        return engine;
    }

    /// <summary>m:ann in Kamailio's cache (not the table): what the cfg reads.</summary>
    private async Task<string?> MediaKeyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var reply = await new KamailioRpc(http, Sip.RpcUrl).CallAsync("htable.get", [KamailioStateWriter.Htable, KamailioStateWriter.MediaEngineKey], CancellationToken.None);
            return reply.GetProperty("item").GetProperty("value").ValueKind == JsonValueKind.String
                ? reply.GetProperty("item").GetProperty("value").GetString()
                : reply.GetProperty("item").GetProperty("value").ToString();
        }
        catch (KamailioRpcException ex) when (ex.Message.Contains("doesn't exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private async Task<string> NisPromptAsync()
    {
        await using var scope = _portal!.Services.CreateAsyncScope();
        var mailboxes = scope.ServiceProvider.GetRequiredService<Mailboxes>();
        var accounts = await Announcements.AccountsAsync(mailboxes.PromptDirectory, $"127.0.0.1:{Sip.MediaPort}", CancellationToken.None);
        return accounts.Single(a => a.Aor.Contains("ann-nis-en-us@", StringComparison.Ordinal)).PromptFile;
    }

    /// <summary>The A-law payload of every RTP packet that reaches <paramref name="socket"/>, decoded, 160 samples (20 ms) each.</summary>
    private static async Task<List<short[]>> ReceiveAudioAsync(UdpClient socket)
    {
        var frames = new List<short[]>();
        while (true)
        {
            UdpReceiveResult r;
            try
            {
                r = await socket.ReceiveAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return frames;
            }
            var b = r.Buffer;
            if (b.Length <= 12 || (b[1] & 0x7F) != 8)
            {
                continue;
            }
            var offset = 12 + 4 * (b[0] & 0x0F);
            lock (frames)
            {
                frames.Add(b[offset..].Select(ALaw).ToArray());
            }
        }
    }

    private static async Task<List<short[]>> StopAsync(UdpClient socket, Task<List<short[]>> receiving)
    {
        socket.Dispose();
        return await receiving;
    }

    /// <summary>The 16-bit samples of a WAV file's data chunk, in 160-sample frames.</summary>
    private static async Task<List<short[]>> PcmOfAsync(string wav)
    {
        var bytes = await File.ReadAllBytesAsync(wav);
        var pos = 12;
        while (pos + 8 <= bytes.Length && System.Text.Encoding.ASCII.GetString(bytes, pos, 4) != "data")
        {
            pos += 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
        }
        var samples = new short[(bytes.Length - pos - 8) / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 8 + 2 * i));
        }
        return samples.Chunk(160).ToList();
    }

    private static int VoicedFrames(List<short[]> frames) => frames.Count(Loud);

    /// <summary>Speech, not silence or comfort noise: RMS above ~ -36 dBFS.</summary>
    private static bool Loud(short[] frame) => frame.Length > 0 && Math.Sqrt(frame.Average(s => (double)s * s)) > 500;

    private static short ALaw(byte a)
    {
        a ^= 0x55;
        var t = (a & 0x0F) << 4;
        var seg = (a & 0x70) >> 4;
        t = seg switch { 0 => t + 8, 1 => t + 0x108, _ => (t + 0x108) << (seg - 1) };
        return (short)((a & 0x80) != 0 ? t : -t);
    }

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
