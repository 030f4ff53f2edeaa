using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>The auto attendants the engine must answer (tenants not released), each with its prompt: the uploaded
/// recording or the text spoken in the tenant's language, followed by silence for the key timeout and a margin
/// (the engine ends the call when its source ends; the timeout action is taken before).</summary>
public sealed class EngineAttendants(PortalDbContext db, VoicemailStorage storage, IOptions<VoicemailOptions> options, Mailboxes mailboxes)
{
    public async Task<IReadOnlyList<AttendantAccount>> ListAsync(CancellationToken ct)
    {
        var rows = await db.AutoAttendants.AsNoTracking()
            .Join(db.Tenants.Where(t => t.Status != TenantStatus.Released && t.Status != TenantStatus.Purged), a => a.TenantId, t => t.Id,
                (a, t) => new { a.Id, a.TenantId, a.PromptText, a.PromptFile, a.TimeoutSeconds, a.Keys, a.TimeoutDestination, a.InvalidDestination, t.Country })
            .ToListAsync(ct);
        var list = new List<AttendantAccount>();
        foreach (var r in rows)
        {
            var source = r.PromptFile is { } f && File.Exists(storage.PathOf(r.TenantId, f))
                ? storage.PathOf(r.TenantId, f)
                : await SpokenAsync(r.PromptText, VoiceFor(r.PromptText, r.Country), ct);
            var (prompt, seconds) = await PaddedAsync(source, r.TimeoutSeconds + 30, ct);
            var menu = new AutoAttendant { Keys = r.Keys };
            var keys = menu.KeyMap().Keys;
            var repeat = menu.RepeatKeys();
            var id = r.Id.ToString("N");
            // A menu with a repeat key has one account per level (the caller is transferred back to the next one).
            var levels = repeat.Length > 0 ? AutoAttendant.MaxRepeats : 0;
            for (var level = 0; level <= levels; level++)
            {
                list.Add(new AttendantAccount(AttendantAddress.Aor(id, options.Value.SipListen, level), id, prompt, seconds, r.TimeoutSeconds,
                    new string([.. keys]), r.TimeoutDestination.IsSet, r.InvalidDestination.IsSet, repeat, level, levels));
            }
        }
        return list;
    }

    /// <summary>The country's voice, or espeak-ng's Mandarin one for a prompt written in Chinese (any CJK ideograph).</summary>
    public static string VoiceFor(string text, string country) =>
        text.Any(c => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF') ? "cmn-latn-pinyin" : Announcements.VoiceOf(country);

    private async Task<string> SpokenAsync(string text, string voice, CancellationToken ct)
    {
        var file = Path.Combine(mailboxes.PromptDirectory, $"menu-{Hash(voice + "|" + text)}.wav");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(mailboxes.PromptDirectory);
            await AudioTools.SpeakAsync(text.Length == 0 ? "." : text, voice, file + ".part.wav", ct);
            File.Move(file + ".part.wav", file, overwrite: true);
        }
        return file;
    }

    private async Task<(string File, double Seconds)> PaddedAsync(string source, int silence, CancellationToken ct)
    {
        var info = new FileInfo(source);
        var file = Path.Combine(mailboxes.PromptDirectory, $"menuprompt-{Hash($"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{silence}")}.wav");
        var meta = file + ".seconds";
        if (!File.Exists(file) || !File.Exists(meta))
        {
            Directory.CreateDirectory(mailboxes.PromptDirectory);
            var seconds = await AudioTools.PadAsync(source, file + ".part.wav", silence, ct);
            File.Move(file + ".part.wav", file, overwrite: true);
            await File.WriteAllTextAsync(meta, seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ct);
            return (file, seconds);
        }
        return (file, double.Parse(await File.ReadAllTextAsync(meta, ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16];
}
