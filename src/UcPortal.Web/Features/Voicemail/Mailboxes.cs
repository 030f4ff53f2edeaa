using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>A mailbox the engine must answer, with the prompt it plays (greeting + beep + room for the message).</summary>
public sealed record MailboxAccount(string Aor, string PromptFile, double GreetingSeconds)
{
    /// <summary>baresip's account line: auto answer (manual accept with concurrent calls hung), G.711 only.</summary>
    // call_transfer=no: the engine never follows a REFER it receives (it would call the Refer-To target itself).
    public string AccountLine => $"<{Aor}>;regint=0;answermode=auto;call_transfer=no;audio_codecs=pcma,pcmu;audio_source=aufile,{PromptFile}";
}

/// <summary>The mailboxes that are on (extensions with voicemail on, tenants not released) and their prompts,
/// made once per greeting: the customer's, or the spoken default in the tenant's language (espeak-ng).</summary>
public sealed class Mailboxes(PortalDbContext db, VoicemailStorage storage, IOptions<VoicemailOptions> options, IWebHostEnvironment env)
{
    public string PromptDirectory => Path.Combine(Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.EngineDirectory)), "prompts");

    public async Task<IReadOnlyList<MailboxAccount>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Extensions.AsNoTracking()
            .Where(e => e.VoicemailEnabled && e.Tenant!.Status != TenantStatus.Released && e.Tenant.Status != TenantStatus.Purged)
            .Select(e => new { e.TenantId, e.Number, e.VoicemailGreetingFile, e.Tenant!.SipDomain, e.Tenant.Country, // The tenant's language (OwnerCulture's rule, written out: EF translates it into the query).
                Culture = db.Users.Where(u => u.TenantId == e.TenantId && u.TenantRole == TenantRole.Owner).OrderBy(u => u.CreatedAtUtc).Select(u => u.Culture).FirstOrDefault() })
            .ToListAsync(ct);
        var list = new List<MailboxAccount>();
        foreach (var r in rows)
        {
            var greeting = r.VoicemailGreetingFile is { } f && File.Exists(storage.PathOf(r.TenantId, f))
                ? storage.PathOf(r.TenantId, f)
                : await DefaultGreetingAsync(r.Number, r.Country, ct, r.Culture);
            var (prompt, seconds) = await PromptAsync(greeting, ct);
            list.Add(new MailboxAccount(MailboxAddress.Aor(r.SipDomain, r.Number, options.Value.SipListen), prompt, seconds));
        }
        return list;
    }

    /// <summary>The spoken default greeting, in the tenant country's language where espeak-ng has one (Mandarin
    /// when the tenant's language is Chinese).</summary>
    public async Task<string> DefaultGreetingAsync(string extension, string country, CancellationToken ct, string? culture = null)
    {
        var (voice, text) = DefaultGreeting(extension, country, culture);
        var file = Path.Combine(PromptDirectory, $"default-{Hash(voice + text)}.wav");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(PromptDirectory);
            await AudioTools.SpeakAsync(text, voice, file + ".part.wav", ct);
            File.Move(file + ".part.wav", file, overwrite: true);
        }
        return file;
    }

    /// <summary>The tenant's language: its (first) owner's (decision 036; the staff and the emails use the same).</summary>
    public static IQueryable<string?> OwnerCulture(PortalDbContext db, Guid tenantId) =>
        db.Users.Where(u => u.TenantId == tenantId && u.TenantRole == TenantRole.Owner).OrderBy(u => u.CreatedAtUtc).Select(u => u.Culture);

    /// <param name="culture">The tenant's language: zh-CN is spoken by espeak-ng's Mandarin voice ("cmn-latn-pinyin": its plain "cmn" reads the pinyin of most characters as English), whatever the country.</param>
    public static (string Voice, string Text) DefaultGreeting(string extension, string country, string? culture = null)
    {
        var digits = string.Join(' ', extension.ToCharArray());
        if (Localisation.PortalCultures.Normalise(culture) == Localisation.PortalCultures.Chinese)
        {
            return ("cmn-latn-pinyin", $"分机 {digits} 现在无人接听，请在提示音后留言。");
        }
        return country.ToUpperInvariant() switch
        {
            "FR" or "BE" => ("fr", $"Le poste {digits} n'est pas disponible. Laissez un message après le bip."),
            "DE" or "AT" => ("de", $"Die Nebenstelle {digits} ist nicht erreichbar. Bitte sprechen Sie nach dem Signalton."),
            "ES" or "MX" => ("es", $"La extensión {digits} no está disponible. Deje su mensaje después de la señal."),
            "IT" => ("it", $"L'interno {digits} non è disponibile. Lasciate un messaggio dopo il segnale."),
            "NL" => ("nl", $"Toestel {digits} is niet bereikbaar. Spreek een bericht in na de toon."),
            "GB" or "IE" => ("en-gb", $"Extension {digits} is not available. Please leave a message after the tone."),
            _ => ("en-us", $"Extension {digits} is not available. Please leave a message after the tone."),
        };
    }

    /// <summary>Greeting + beep + silence for the longest message (the engine hangs up when its source ends).</summary>
    private async Task<(string File, double GreetingSeconds)> PromptAsync(string greeting, CancellationToken ct)
    {
        var info = new FileInfo(greeting);
        var key = Hash($"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{options.Value.MaxMessageSeconds}");
        var file = Path.Combine(PromptDirectory, $"prompt-{key}.wav");
        var meta = file + ".seconds";
        if (!File.Exists(file) || !File.Exists(meta))
        {
            Directory.CreateDirectory(PromptDirectory);
            var seconds = await AudioTools.MailboxPromptAsync(greeting, file + ".part.wav", options.Value.MaxMessageSeconds, ct);
            File.Move(file + ".part.wav", file, overwrite: true);
            await File.WriteAllTextAsync(meta, seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ct);
            return (file, seconds);
        }
        return (file, double.Parse(await File.ReadAllTextAsync(meta, ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16];
}
