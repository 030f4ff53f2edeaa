using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UcPortal.Media;
using UcPortal.Web.Features.Voicemail;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>The Voicemail page in a real browser: a greeting uploaded and one recorded with the microphone
/// (Chromium's fake capture device, MediaRecorder, converted by the portal), a message the product stored
/// played by the page's audio element, downloaded and deleted; bad greetings refused next to the field.</summary>
public sealed class VoicemailPageTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task AnOwner_UploadsAndRecordsGreetings_ThenPlaysDownloadsAndDeletesAMessage() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        var tenant = await TenantAsync(prospect.Email);
        await page.GotoAsync("/pbx/voicemail");
        await Expect(page.Locator("#no-messages")).ToBeVisibleAsync();
        await shots.TakeAsync("voicemail-empty");

        // Upload: a 3-second MP3, converted to the engine's 8 kHz mono WAV.
        var mp3 = await SoxAsync("greeting.mp3", "synth", "3", "sine", "440");
        var box100 = page.Locator("[data-mailbox='100']");
        await box100.Locator("input[type='file']").SetInputFilesAsync(mp3);
        await box100.GetByRole(AriaRole.Button, new() { Name = "Upload greeting" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("Extension 100's greeting is saved");
        await Expect(box100.Locator(".greeting-kind")).ToContainTextAsync("Your recording");
        Assert.InRange(await DurationAsync(box100.Locator("audio.greeting-audio")), 2.9, 3.1);
        await shots.TakeAsync("greeting-uploaded");

        // Record: the browser asks for the microphone (granted by Chromium's fake UI, fed by its fake device).
        var box101 = page.Locator("[data-mailbox='101']");
        var status = box101.Locator("[data-record-status]");
        await box101.GetByRole(AriaRole.Button, new() { Name = "Record in the browser" }).ClickAsync();
        await Expect(status).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Recording… 0:0[3-9] of 1:00"), new() { Timeout = 15_000 });
        await shots.TakeAsync("recording");
        await box101.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(status).ToContainTextAsync("Listen, then save it or record again.");
        var preview = box101.Locator("[data-record-preview]");
        await Expect(preview).ToBeVisibleAsync();
        await shots.TakeAsync("recorded-preview");
        await box101.GetByRole(AriaRole.Button, new() { Name = "Save this recording" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("Extension 101's greeting is saved");
        await Expect(page.Locator("[data-mailbox='101'] .greeting-kind")).ToContainTextAsync("Your recording");
        var recorded = await GreetingFileAsync(tenant.Id, "101");
        var seconds = await AudioTools.DurationAsync(recorded, CancellationToken.None);
        Assert.InRange(seconds ?? 0, 2.5, 15);
        Assert.Equal("8000 1 16", await RunAsync("soxi", "-r", recorded) + " " + await RunAsync("soxi", "-c", recorded) + " " + await RunAsync("soxi", "-b", recorded));
        Output.WriteLine($"Recorded greeting: {seconds:0.00} s");
        await shots.TakeAsync("greeting-recorded");

        // A message, stored by the product's own inbox as the media engine hands it over.
        var messageId = await DeliverMessageAsync(tenant.SipDomain, "100", "+13105550123", seconds: 4);
        await page.GotoAsync("/pbx/voicemail");
        var row = page.Locator("#voicemail-messages tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("+13105550123");
        await Expect(row).ToContainTextAsync("New");
        await Expect(row.Locator(".message-length")).ToHaveTextAsync("0:04");
        var audio = row.Locator("audio");
        Assert.InRange(await DurationAsync(audio), 3.9, 4.1);
        var played = await audio.EvaluateAsync<double>(@"async (el) => {
            el.muted = true;
            await el.play();
            await new Promise((resolve, reject) => {
              const t = setTimeout(() => reject(new Error('the message did not play')), 10000);
              el.addEventListener('timeupdate', () => { if (el.currentTime > 0.5) { clearTimeout(t); resolve(); } });
            });
            el.pause();
            return el.currentTime;
          }");
        Assert.True(played > 0.5, $"the message played {played} s");
        await shots.TakeAsync("message-played");
        await page.ReloadAsync();
        await Expect(row).Not.ToContainTextAsync("New");

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Download" }).ClickAsync());
        Assert.StartsWith("voicemail-100-", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(Portal.App.DataFolder, $"download-{Guid.NewGuid():N}.wav");
        await download.SaveAsAsync(saved);
        Assert.Equal("RIFF", Encoding.ASCII.GetString((await File.ReadAllBytesAsync(saved))[..4]));
        Assert.InRange(await AudioTools.DurationAsync(saved, CancellationToken.None) ?? 0, 3.9, 4.1);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("Message deleted.");
        await Expect(page.Locator("#no-messages")).ToBeVisibleAsync();
        Assert.False(await WithDbAsync(db => db.VoicemailMessages.AnyAsync(m => m.Id == messageId)));
        await shots.TakeAsync("message-deleted");
    });

    [Fact]
    public Task GreetingsThatAreNotAudio_OrLastTwoHours_AreRefusedNextToTheField() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        var tenant = await TenantAsync(prospect.Email);
        await page.GotoAsync("/pbx/voicemail");
        var box = page.Locator("[data-mailbox='100']");

        var text = Path.Combine(Portal.App.DataFolder, $"notes-{Guid.NewGuid():N}.wav");
        await File.WriteAllTextAsync(text, "this is a text file, not a recording");
        await box.Locator("input[type='file']").SetInputFilesAsync(text);
        await box.GetByRole(AriaRole.Button, new() { Name = "Upload greeting" }).ClickAsync();
        var field = page.Locator("[data-mailbox='100'] [data-valmsg-for='Greeting']");
        await Expect(field).ToContainTextAsync("This file is not audio we can read.");
        await Expect(page.Locator("#greeting-100")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await shots.TakeAsync("not-audio-refused");

        var twoHours = await TwoHourWavAsync();
        await page.Locator("[data-mailbox='100'] input[type='file']").SetInputFilesAsync(twoHours);
        await page.Locator("[data-mailbox='100']").GetByRole(AriaRole.Button, new() { Name = "Upload greeting" }).ClickAsync();
        await Expect(field).ToContainTextAsync("The greeting is too long (2 h 0 min): it may last at most 60 seconds.");
        await shots.TakeAsync("two-hours-refused");

        Assert.Null(await WithDbAsync(db => db.Extensions.Where(e => e.TenantId == tenant.Id && e.Number == "100").Select(e => e.VoicemailGreetingFile).SingleAsync()));
        await Expect(page.Locator("[data-mailbox='100'] .greeting-kind")).ToContainTextAsync("Spoken default");
    });

    private async Task<(Guid Id, string SipDomain)> TenantAsync(string ownerEmail)
    {
        var tenant = await WithDbAsync(db => db.Users.Where(u => u.Email == ownerEmail)
            .Join(db.Tenants, u => u.TenantId, t => t.Id, (u, t) => new { t.Id, t.SipDomain }).SingleAsync());
        return (tenant.Id, tenant.SipDomain);
    }

    private async Task<string> GreetingFileAsync(Guid tenantId, string extension)
    {
        var file = await WithDbAsync(db => db.Extensions.Where(e => e.TenantId == tenantId && e.Number == extension).Select(e => e.VoicemailGreetingFile).SingleAsync());
        Assert.NotNull(file);
        return Portal.App.Services.GetRequiredService<VoicemailStorage>().PathOf(tenantId, file!);
    }

    /// <summary>Hands a recording to <see cref="VoicemailInbox"/> as the media engine's service does.</summary>
    private async Task<Guid> DeliverMessageAsync(string sipDomain, string extension, string caller, int seconds)
    {
        var wav = await SoxAsync("message.wav", "-r", "8000", "-c", "1", "-b", "16", "synth", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "sine", "300");
        var callId = Guid.NewGuid().ToString("N");
        var recording = new FinishedRecording(Guid.NewGuid().ToString("N"), sipDomain, extension, $"sip:{caller}@carrier.example", "", DateTime.UtcNow, seconds, callId);
        await using (var scope = Portal.App.Services.CreateAsyncScope())
        {
            Assert.Equal(VoicemailInbox.Outcome.Stored, await scope.ServiceProvider.GetRequiredService<VoicemailInbox>().DeliverAsync(recording, wav, CancellationToken.None));
        }
        return await WithDbAsync(db => db.VoicemailMessages.Where(m => m.CallId == callId).Select(m => m.Id).SingleAsync());
    }

    /// <summary>Seconds of audio the browser finds in an audio element's source (its metadata loaded).</summary>
    private static Task<double> DurationAsync(ILocator audio) => audio.EvaluateAsync<double>(@"(el) => new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no metadata: ' + (el.error && el.error.message))), 10000);
        el.addEventListener('loadedmetadata', () => { clearTimeout(t); resolve(el.duration); }, { once: true });
        el.addEventListener('error', () => { clearTimeout(t); reject(new Error('audio error ' + (el.error && el.error.code))); }, { once: true });
        el.preload = 'metadata';
        el.load();
      })");

    /// <summary>A real two-hour WAV small enough to pass the size limit: 1 kHz, 8-bit µ-law (7.2 MB).</summary>
    private async Task<string> TwoHourWavAsync()
    {
        const int rate = 1000;
        const int samples = rate * 7200;
        var file = Path.Combine(Portal.App.DataFolder, $"two-hours-{Guid.NewGuid():N}.wav");
        await using var s = File.Create(file);
        await using var w = new BinaryWriter(s);
        w.Write("RIFF"u8);
        w.Write(4 + 26 + 12 + 8 + samples);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(18);
        w.Write((short)7); // µ-law
        w.Write((short)1);
        w.Write(rate);
        w.Write(rate);
        w.Write((short)1);
        w.Write((short)8);
        w.Write((short)0);
        w.Write("fact"u8);
        w.Write(4);
        w.Write(samples);
        w.Write("data"u8);
        w.Write(samples);
        var tone = new byte[rate];
        for (var i = 0; i < rate; i++)
        {
            tone[i] = (byte)(i % 10 < 5 ? 0x20 : 0xA0); // a 100 Hz square wave
        }
        for (var second = 0; second < 7200; second++)
        {
            w.Write(tone);
        }
        return file;
    }

    private async Task<T> WithDbAsync<T>(Func<UcPortal.Data.PortalDbContext, Task<T>> read)
    {
        await using var scope = Portal.App.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UcPortal.Data.PortalDbContext>());
    }

    /// <summary>Makes an audio file with sox: <c>sox -n [args before synth] FILE synth …</c>.</summary>
    private async Task<string> SoxAsync(string name, params string[] args)
    {
        var file = Path.Combine(Portal.App.DataFolder, Guid.NewGuid().ToString("N") + "-" + name);
        var synth = Array.IndexOf(args, "synth");
        string[] all = ["-n", .. args[..synth], file, .. args[synth..]];
        await RunAsync("sox", all);
        return file;
    }

    private static async Task<string> RunAsync(string exe, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{exe} {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
