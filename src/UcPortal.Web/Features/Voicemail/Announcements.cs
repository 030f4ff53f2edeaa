using System.Security.Cryptography;
using System.Text;
using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>Announcements the media engine plays instead of a bare SIP error (decision 026): "closed" (a number
/// outside its business hours with no closed destination), "credit" (a trial's credit is used up) and "nis"
/// (a number not in service). One engine account each per voice, <c>ann-&lt;kind&gt;-&lt;voice&gt;</c>; the SIP core
/// picks the voice from the tenant's <c>t:&lt;domain&gt;:ann</c>, for a number no tenant holds from <c>m:ann</c>
/// (<see cref="VoicemailOptions.NotInServiceVoice"/>, written while the engine answers). The
/// engine hangs up when the announcement ends.</summary>
public static class Announcements
{
    public static readonly string[] Kinds = ["closed", "credit", "nis"];

    /// <summary>espeak-ng's voice for the tenant's country (the same as the default voicemail greeting's).</summary>
    public static string VoiceOf(string country) => Mailboxes.DefaultGreeting("100", country).Voice;

    public static IEnumerable<string> Voices => ["en-us", "en-gb", "fr", "de", "es", "it", "nl"];

    public static string User(string kind, string voice) => $"ann-{kind}-{voice}";

    public static bool IsAnnouncement(string aor) => MailboxAddress.UserOf(aor).StartsWith("ann-", StringComparison.Ordinal);

    public static string Text(string kind, string voice) => (kind, voice) switch
    {
        ("closed", "fr") => "Nous sommes actuellement fermés. Merci de rappeler pendant nos heures d'ouverture.",
        ("closed", "de") => "Wir haben im Moment geschlossen. Bitte rufen Sie während unserer Geschäftszeiten wieder an.",
        ("closed", "es") => "En este momento estamos cerrados. Llame de nuevo durante nuestro horario de atención.",
        ("closed", "it") => "Siamo chiusi in questo momento. Richiamate durante il nostro orario di apertura.",
        ("closed", "nl") => "We zijn op dit moment gesloten. Bel ons terug tijdens onze openingstijden.",
        ("closed", _) => "We are closed at the moment. Please call again during our business hours.",
        ("credit", "fr") => "Le crédit de votre essai est épuisé. Passez à un forfait payant dans le portail pour appeler vers l'extérieur.",
        ("credit", "de") => "Das Guthaben Ihrer Testphase ist aufgebraucht. Wählen Sie im Portal einen Tarif, um nach außen zu telefonieren.",
        ("credit", "es") => "El crédito de su prueba se ha agotado. Elija un plan en el portal para llamar al exterior.",
        ("credit", "it") => "Il credito della prova è esaurito. Scegliete un piano nel portale per chiamare all'esterno.",
        ("credit", "nl") => "Het tegoed van uw proefperiode is op. Kies een abonnement in het portaal om naar buiten te bellen.",
        ("credit", _) => "Your trial credit is used up. Choose a plan in the portal to make outside calls.",
        (_, "fr") => "Ce numéro n'est pas en service.",
        (_, "de") => "Diese Rufnummer ist nicht vergeben.",
        (_, "es") => "Este número no está en servicio.",
        (_, "it") => "Questo numero non è in servizio.",
        (_, "nl") => "Dit nummer is niet in gebruik.",
        _ => "The number you have called is not in service.",
    };

    /// <summary>The engine accounts of every announcement: spoken once per text, then kept in <paramref name="promptDirectory"/>.</summary>
    public static async Task<IReadOnlyList<MailboxAccount>> AccountsAsync(string promptDirectory, string sipListen, CancellationToken ct)
    {
        var list = new List<MailboxAccount>();
        foreach (var voice in Voices)
        {
            foreach (var kind in Kinds)
            {
                var text = Text(kind, voice);
                var file = Path.Combine(promptDirectory, $"ann-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voice + text)))[..16]}.wav");
                if (!File.Exists(file))
                {
                    Directory.CreateDirectory(promptDirectory);
                    var spoken = file + ".spoken.wav";
                    await AudioTools.SpeakAsync(text, voice, spoken, ct);
                    // Half a second of silence before the engine hangs up.
                    await AudioTools.PadAsync(spoken, file + ".part.wav", 0.5, ct);
                    File.Delete(spoken);
                    File.Move(file + ".part.wav", file, overwrite: true);
                }
                list.Add(new MailboxAccount($"sip:{User(kind, voice)}@{sipListen}", file, 0));
            }
        }
        return list;
    }
}
