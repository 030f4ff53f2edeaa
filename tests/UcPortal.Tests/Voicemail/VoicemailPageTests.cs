using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Voicemail;

namespace UcPortal.Tests.Voicemail;

/// <summary>The Voicemail page: messages listed, played and downloaded only by the tenant's users (members:
/// their own extension's), deleted with their file; greetings uploaded in common formats and converted, or
/// refused with a message next to the field; the mailbox setting reaches the SIP core's state.</summary>
public abstract partial class VoicemailPageTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task TheOwner_ListsPlaysAndDownloadsAMessage_AndPlayingMarksItHeard()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var id = await AddMessageAsync(tenant.Id, "100", "+13105550123");

        Assert.Contains("unheard-voicemail", await tenant.Owner.GetPageAsync("/dashboard"));
        var page = System.Net.WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/voicemail"));
        Assert.Contains("+13105550123", page);
        Assert.Contains($"/pbx/voicemail/{id}/audio", page);

        var audio = await tenant.Owner.GetAsync($"/pbx/voicemail/{id}/audio");
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString((await audio.Content.ReadAsByteArrayAsync())[..4]));
        var download = await tenant.Owner.GetAsync($"/pbx/voicemail/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(await portal.WithDbAsync(db => db.VoicemailMessages.Where(m => m.Id == id).Select(m => m.Heard).SingleAsync()));
        Assert.DoesNotContain("unheard-voicemail", await tenant.Owner.GetPageAsync("/dashboard"));
    }

    [Fact]
    public async Task ATenantWhoseOwnerChoseChinese_HearsTheDefaultGreetingInMandarin_AndTheVoicemailPageQuotesIt()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync("/pbx/extensions", "/language", [new("culture", "zh-CN"), new("returnUrl", "/pbx/voicemail")])).StatusCode);

        var (voice, text) = Mailboxes.DefaultGreeting("100", "GB", "zh-CN");
        Assert.Equal(("cmn-latn-pinyin", "分机 1 0 0 现在无人接听，请在提示音后留言。"), (voice, text));
        Assert.Equal("en-gb", Mailboxes.DefaultGreeting("100", "GB", "en").Voice);
        Assert.Contains(text, System.Net.WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/voicemail")));
        // The engine's list reads the owner's language in the same query on both databases, and espeak-ng speaks it.
        await using var scope = portal.Services.CreateAsyncScope();
        var mailboxes = scope.ServiceProvider.GetRequiredService<Mailboxes>();
        var domain = await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.SipDomain).SingleAsync());
        var accounts = await mailboxes.ListAsync(CancellationToken.None);
        Assert.Contains(accounts, a => a.Aor.Contains($"vm-100-{domain}@", StringComparison.Ordinal));
        var spoken = Path.Combine(mailboxes.PromptDirectory, $"default-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(voice + text)))[..16]}.wav");
        Assert.True(File.Exists(spoken), $"no Mandarin greeting at {spoken}");
        // A menu prompt written in Chinese is spoken in Mandarin, whatever the country.
        Assert.Equal("cmn-latn-pinyin", EngineAttendants.VoiceFor("感谢您的来电。", "US"));
        Assert.Equal("en-us", EngineAttendants.VoiceFor("Thank you for calling.", "US"));
    }

    [Fact]
    public async Task AnotherTenantsUsers_AMemberOfAnotherExtension_AndAnonymousVisitors_NeverGetTheAudio()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        using var other = await PbxTenants.CreateAsync(portal);
        var id = await AddMessageAsync(tenant.Id, "100", "+13105550123");
        using var memberOf101 = await PbxTenants.MemberAsync(portal, tenant.Id, "101");
        using var anonymous = portal.CreateBrowser();

        foreach (var url in new[] { $"/pbx/voicemail/{id}/audio", $"/pbx/voicemail/{id}/download" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await memberOf101.GetAsync(url)).StatusCode);
            var anon = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
            Assert.Contains("/account/login", anon.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }
        Assert.DoesNotContain(id.ToString(), await other.Owner.GetPageAsync("/pbx/voicemail"));
        Assert.DoesNotContain(id.ToString(), await memberOf101.GetPageAsync("/pbx/voicemail"));
        var refused = await other.Owner.PostWithTokenAsync("/pbx/voicemail", $"/pbx/voicemail/{id}/delete");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.VoicemailMessages.AnyAsync(m => m.Id == id)));
        // Nothing of it is under wwwroot: a static-file path cannot reach it.
        var file = await portal.WithDbAsync(db => db.VoicemailMessages.Where(m => m.Id == id).Select(m => m.FileName).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Owner.GetAsync("/" + file)).StatusCode);

        using var memberOf100 = await PbxTenants.MemberAsync(portal, tenant.Id, "100");
        Assert.Equal(HttpStatusCode.OK, (await memberOf100.GetAsync($"/pbx/voicemail/{id}/audio")).StatusCode);
    }

    [Fact]
    public async Task DeletingAMessage_RemovesTheRowAndTheFile()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var id = await AddMessageAsync(tenant.Id, "100", "+13105550123");
        var path = await PathAsync(tenant.Id, id);
        Assert.True(File.Exists(path));

        var response = await tenant.Owner.PostWithTokenAsync("/pbx/voicemail", $"/pbx/voicemail/{id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.VoicemailMessages.AnyAsync(m => m.Id == id)));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AnMp3Greeting_IsConvertedTo8kHzMonoWav_AndPlayedBack()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var mp3 = await SoxAsync("greeting.mp3", "synth", "3", "sine", "440");

        var response = await UploadAsync(tenant.Owner, "100", mp3, "greeting.mp3");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var ext = await PbxTenants.ExtensionAsync(portal, tenant.Id, "100");
        Assert.NotNull(ext.VoicemailGreetingFile);
        var stored = await GreetingPathAsync(tenant.Id, ext.VoicemailGreetingFile!);
        Assert.Equal("8000 1 16", await SoxInfoAsync(stored));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Owner.GetAsync("/pbx/voicemail/greeting/100/audio")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync("/pbx/voicemail", "/pbx/voicemail/greeting/100/default")).StatusCode);
        Assert.Null((await PbxTenants.ExtensionAsync(portal, tenant.Id, "100")).VoicemailGreetingFile);
        Assert.False(File.Exists(stored));
    }

    [Fact]
    public async Task AWebmOpusRecording_AsBrowsersRecordIt_IsConvertedByFfmpeg_AndALongOneRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        // What MediaRecorder sends: WebM with Opus, no length in its header; sox cannot read it.
        var webm = await FfmpegAsync("recording.webm", 3);

        var response = await UploadAsync(tenant.Owner, "100", webm, "recording.webm");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var ext = await PbxTenants.ExtensionAsync(portal, tenant.Id, "100");
        var stored = await GreetingPathAsync(tenant.Id, ext.VoicemailGreetingFile!);
        Assert.Equal("8000 1 16", await SoxInfoAsync(stored));
        Assert.InRange(double.Parse((await RunAsync("soxi", "-D", stored)).Trim(), System.Globalization.CultureInfo.InvariantCulture), 2.9, 3.1);

        var tooLong = await UploadAsync(tenant.Owner, "101", await FfmpegAsync("long.webm", 70), "recording.webm");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("The greeting is too long", FieldMessage(await tooLong.Content.ReadAsStringAsync()));
        Assert.Null((await PbxTenants.ExtensionAsync(portal, tenant.Id, "101")).VoicemailGreetingFile);
    }

    /// <summary>A WebM/Opus file of a tone, written by ffmpeg as a browser's MediaRecorder writes it (streamed, no duration).</summary>
    private async Task<string> FfmpegAsync(string name, int seconds)
    {
        var file = Path.Combine(portal.DataFolder, Guid.NewGuid().ToString("N") + "-" + name);
        await RunAsync("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:a", "libopus", "-b:a", "16k", "-f", "webm", "-live", "1", file);
        return file;
    }

    [Fact]
    public async Task AGreetingThatIsNotAudio_OrTooLong_IsRefusedNextToTheField_AndNothingIsKept()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var text = Path.Combine(portal.DataFolder, $"notes-{Guid.NewGuid():N}.wav");
        await File.WriteAllTextAsync(text, "this is a text file, not a recording");
        // Two hours of 8 kHz µ-law: 58 MB.
        var twoHours = await SoxAsync("long.wav", "-r", "8000", "-c", "1", "-e", "u-law", "synth", "7200", "sine", "440");

        var notAudio = await UploadAsync(tenant.Owner, "100", text, "greeting.wav");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAudio.StatusCode);
        Assert.Contains("is not audio we can read", FieldMessage(await notAudio.Content.ReadAsStringAsync()));

        var tooLong = await UploadAsync(tenant.Owner, "100", twoHours, "long.wav");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("The file is too big", FieldMessage(await tooLong.Content.ReadAsStringAsync()));

        var slightlyLong = await SoxAsync("long.ogg", "synth", "75", "sine", "440");
        var refused = await UploadAsync(tenant.Owner, "100", slightlyLong, "long.ogg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("The greeting is too long (1 min 15 s)", FieldMessage(await refused.Content.ReadAsStringAsync()));

        Assert.Null((await PbxTenants.ExtensionAsync(portal, tenant.Id, "100")).VoicemailGreetingFile);
        var dir = await portal.WithDbAsync(db => Task.FromResult(portal.Services.GetRequiredService<VoicemailStorage>().TenantDirectory(tenant.Id)));
        Assert.True(!Directory.Exists(dir) || Directory.GetFiles(dir).Length == 0);
    }

    [Fact]
    public async Task TheMailbox_IsOnByDefault_AndTheExtensionFormTurnsItOff_ForTheSipCore()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        Assert.True((await StateAsync(tenant.Id)).Extensions.Single(e => e.Number == "100").Voicemail);

        var ext = await PbxTenants.ExtensionAsync(portal, tenant.Id, "100");
        var form = PbxTenants.EditForm(ext);
        form["Voicemail"] = "false";
        var saved = await tenant.Owner.SubmitAsync($"/pbx/extensions/{ext.Id}", $"/pbx/extensions/{ext.Id}", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.False((await PbxTenants.ExtensionAsync(portal, tenant.Id, "100")).VoicemailEnabled);
        Assert.False((await StateAsync(tenant.Id)).Extensions.Single(e => e.Number == "100").Voicemail);
    }

    private async Task<UcPortal.Pbx.TenantPbxState> StateAsync(Guid tenantId)
    {
        await using var scope = portal.Scope();
        return (await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenantId, CancellationToken.None))!;
    }

    private async Task<HttpResponseMessage> UploadAsync(PortalBrowser browser, string extension, string file, string name)
    {
        var page = await browser.GetPageAsync("/pbx/voicemail");
        var token = System.Net.WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(bytes, "Greeting", name);
        return await browser.Http.PostAsync($"/pbx/voicemail/greeting/{extension}", content);
    }

    private static string FieldMessage(string html)
    {
        var m = FieldPattern().Match(html);
        Assert.True(m.Success, "no message next to the greeting field");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private async Task<Guid> AddMessageAsync(Guid tenantId, string extension, string caller)
    {
        var id = Guid.NewGuid();
        var storage = portal.Services.GetRequiredService<VoicemailStorage>();
        Directory.CreateDirectory(storage.TenantDirectory(tenantId));
        var wav = await SoxAsync("message.wav", "-r", "8000", "-c", "1", "-b", "16", "synth", "2", "sine", "440");
        File.Copy(wav, storage.PathOf(tenantId, id.ToString("N") + ".wav"));
        await portal.WithDbAsync(db =>
        {
            db.VoicemailMessages.Add(new VoicemailMessage
            {
                Id = id, TenantId = tenantId, ExtensionNumber = extension, Caller = caller, ReceivedAtUtc = DateTime.UtcNow,
                DurationSeconds = 2, FileName = id.ToString("N") + ".wav", SizeBytes = new FileInfo(wav).Length, CallId = Guid.NewGuid().ToString(),
            });
            return db.SaveChangesAsync();
        });
        return id;
    }

    private async Task<string> PathAsync(Guid tenantId, Guid id)
    {
        var file = await portal.WithDbAsync(db => db.VoicemailMessages.Where(m => m.Id == id).Select(m => m.FileName).SingleAsync());
        return portal.Services.GetRequiredService<VoicemailStorage>().PathOf(tenantId, file);
    }

    private Task<string> GreetingPathAsync(Guid tenantId, string file) =>
        Task.FromResult(portal.Services.GetRequiredService<VoicemailStorage>().PathOf(tenantId, file));

    /// <summary>Makes an audio file with sox: <c>sox -n [args before synth] FILE synth …</c>.</summary>
    private async Task<string> SoxAsync(string name, params string[] args)
    {
        var file = Path.Combine(portal.DataFolder, Guid.NewGuid().ToString("N") + "-" + name);
        var synth = Array.IndexOf(args, "synth");
        string[] all = ["-n", .. args[..synth], file, .. args[synth..]];
        await RunAsync("sox", all);
        return file;
    }

    private static async Task<string> SoxInfoAsync(string file) =>
        $"{(await RunAsync("soxi", "-r", file)).Trim()} {(await RunAsync("soxi", "-c", file)).Trim()} {(await RunAsync("soxi", "-b", file)).Trim()}";

    private static async Task<string> RunAsync(string exe, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{exe} {string.Join(' ', args)}: {error}");
        return output;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<span class=\"invalid-feedback\" data-valmsg-for=\"Greeting\">([^<]+)</span>")]
    private static partial Regex FieldPattern();
}

public sealed class VoicemailPageTestsOnSqlite(SqlitePortal portal) : VoicemailPageTests<SqlitePortal>(portal);

public sealed class VoicemailPageTestsOnPostgres(PostgresPortal portal) : VoicemailPageTests<PostgresPortal>(portal);
