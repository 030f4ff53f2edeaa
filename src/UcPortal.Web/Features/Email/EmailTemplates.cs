using System.Net;
using System.Text;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Email;

public sealed record ComposedEmail(string Template, string Subject, string Html, string Text);

public sealed record TrialReadyExtension(string Number, string Username);

public sealed record TrialReadyDetails(
    string FullName, string Company, string SipDomain, string ProxyHost,
    IReadOnlyList<TrialReadyExtension> Extensions, string TrialNumber, string Credit, DateTime ExpiresAtUtc);

/// <summary>Every email the portal sends, each with an HTML and a plain-text body. User input is
/// HTML-encoded; SIP passwords never appear in an email, only a link to reveal them.</summary>
public sealed partial class EmailTemplates(PortalLinks links, IOptions<PortalOptions> portal, IStringLocalizer<SharedResource> text)
{
    private string Brand => portal.Value.Name;

    /// <summary>The phrases of the current culture (decision 036): compose inside <see cref="In"/> for a recipient's language.</summary>
    public IStringLocalizer Text => text;

    /// <summary>Composes an email in <paramref name="culture"/> (the recipient's saved language; English when null).</summary>
    public ComposedEmail In(string? culture, Func<EmailTemplates, ComposedEmail> compose)
    {
        using (PortalCultures.Use(culture))
        {
            return compose(this);
        }
    }

    private string T(string key, params object[] args) => text[key, args];

    private string Hi(string fullName) => T("Hi {0},", FirstName(fullName));

    public ComposedEmail ConfirmEmail(string fullName, string confirmUrl) => Compose(
        "confirm-email",
        T("Confirm your email to start your {0} trial", Brand),
        Hi(fullName),
        [
            T("Thanks for starting a free trial. Confirm your email address, enter the code we then text to your mobile, and we set up your phone system straight away: SIP credentials, three extensions and a trial number, usually in under a minute."),
        ],
        (T("Confirm my email"), confirmUrl),
        [T("If you did not ask for a trial, ignore this email and nothing will be set up.")]);

    public ComposedEmail TrialReady(TrialReadyDetails d)
    {
        var dashboard = links.To("/dashboard");
        var paragraphs = new List<string>
        {
            T("Your {0} trial for {1} is ready. Here is what you need to make your first call:", Brand, d.Company),
        };
        var table = new List<(string, string)>
        {
            (T("SIP domain (server)"), d.SipDomain),
            (T("Outbound proxy"), d.ProxyHost),
            (T("Ports"), "5060 UDP/TCP, 5061 TLS"),
            (T("Your trial number"), d.TrialNumber),
            (T("Trial credit"), d.Credit),
            (T("Trial ends"), Day(d.ExpiresAtUtc)),
        };
        foreach (var ext in d.Extensions)
        {
            table.Add((T("Extension {0}", ext.Number), T("username {0}", ext.Username)));
        }
        return Compose(
            "trial-ready",
            T("Your {0} trial is ready: {1}", Brand, d.TrialNumber),
            Hi(d.FullName),
            paragraphs,
            (T("Open my dashboard"), dashboard),
            [
                T("For your security, SIP passwords are never sent by email: open the dashboard to reveal and copy them."),
                T("Quick test: register extension 100 in a softphone, then call your trial number from your mobile."),
            ],
            table);
    }

    public ComposedEmail ResetPassword(string fullName, string resetUrl) => Compose(
        "reset-password",
        T("Reset your {0} password", Brand),
        Hi(fullName),
        [T("We received a request to reset the password of your account. The link below works for two days and only once.")],
        (T("Choose a new password"), resetUrl),
        [T("If you did not ask for this, ignore this email: your password stays as it is.")]);

    public ComposedEmail TeamInvitation(string inviterName, string company, string role, string acceptUrl, DateTime expiresAtUtc) => Compose(
        "team-invitation",
        T("{0} invited you to {1} on {2}", inviterName, company, Brand),
        T("Hello,"),
        [
            T("{0} invited you to join {1}'s phone system on {2} as {3}.", inviterName, company, Brand, T(role)),
            T("Accept the invitation to choose your password, or to add the team to your existing {0} account. The link works once, until {1}.", Brand, Day(expiresAtUtc)),
        ],
        (T("Accept the invitation"), acceptUrl),
        [T("If you did not expect this invitation, ignore this email: nothing happens unless you accept.")]);

    public ComposedEmail StaffInvitation(string inviterName, string fullName, string role, string acceptUrl, DateTime expiresAtUtc) => Compose(
        "staff-invitation",
        T("{0} invited you to the {1} staff area", inviterName, Brand),
        Hi(fullName),
        [
            T("{0} invited you to join the {1} staff area as {2}.", inviterName, Brand, T(role)),
            T("Accept the invitation to choose your password. The link works once, until {0}. When you first log in you will set up two-factor authentication with an authenticator app on your phone.", Day(expiresAtUtc)),
        ],
        (T("Accept the invitation"), acceptUrl),
        [T("If you did not expect this invitation, ignore this email: nothing happens unless you accept.")]);

    public ComposedEmail TrialApproved(string fullName, string company) => Compose(
        "trial-approved",
        T("Your {0} trial is approved", Brand),
        Hi(fullName),
        [
            T("Thanks for waiting: we have checked {0}'s trial and approved it. We are setting up your phone system now; a second email with your SIP details follows in a minute.", company),
        ],
        (T("Open your dashboard"), links.To("/dashboard")),
        []);

    public ComposedEmail TrialRefused(string fullName, string company, string reason) => Compose(
        "trial-refused",
        T("We could not approve your {0} trial", Brand),
        Hi(fullName),
        [
            T("We have checked the free trial requested for {0} and could not approve it.", company),
            T("Reason: {0}", reason),
            T("If you think this is a mistake, reply to this email or contact our sales team: we can set up a paid plan after a short call."),
        ],
        null,
        []);

    public ComposedEmail NewVoicemail(string fullName, string extension, string caller, DateTime receivedAtUtc, double seconds) => Compose(
        "new-voicemail",
        T("New voicemail for extension {0} from {1}", extension, caller),
        Hi(fullName),
        [
            T("{0} left a message for extension {1} on {2} UTC ({3} s). The recording is attached.", caller, extension, PortalFormats.DayAndTime(receivedAtUtc), Math.Round(seconds).ToString("0", CultureInfo.InvariantCulture)),
        ],
        (T("Listen in the portal"), links.To("/pbx/voicemail")),
        []);

    public ComposedEmail StaffAlert(string subject, string summary, IReadOnlyList<(string Label, string Value)> facts, string? actionUrl) => Compose(
        "staff-alert",
        $"[{Brand} staff] {subject}",
        "Hello team,",
        [summary],
        actionUrl is null ? null : ("Open the staff area", actionUrl),
        [],
        facts);

    private ComposedEmail Compose(
        string template, string subject, string greeting, IReadOnlyList<string> paragraphs,
        (string Label, string Url)? button, IReadOnlyList<string> after, IReadOnlyList<(string Label, string Value)>? table = null,
        (string Question, IReadOnlyList<(string Label, string Url)> Links)? choices = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><body style=\"margin:0;background:#f4f6fb;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1f2937\">");
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\" style=\"padding:24px\">");
        html.Append("<table role=\"presentation\" width=\"560\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;border-radius:8px;padding:32px\">");
        html.Append($"<tr><td style=\"font-size:20px;font-weight:600;color:#3b5bdb;padding-bottom:16px\">{E(Brand)}</td></tr>");
        html.Append($"<tr><td style=\"padding-bottom:12px\">{E(greeting)}</td></tr>");
        foreach (var p in paragraphs)
        {
            html.Append($"<tr><td style=\"padding-bottom:12px;line-height:1.5\">{E(p)}</td></tr>");
        }
        if (table is { Count: > 0 })
        {
            html.Append("<tr><td style=\"padding-bottom:16px\"><table cellpadding=\"6\" cellspacing=\"0\" style=\"border-collapse:collapse;width:100%;font-size:14px\">");
            foreach (var (label, value) in table)
            {
                html.Append($"<tr><td style=\"border-bottom:1px solid #e5e7eb;color:#6b7280\">{E(label)}</td><td style=\"border-bottom:1px solid #e5e7eb;font-family:Consolas,monospace\">{E(value)}</td></tr>");
            }
            html.Append("</table></td></tr>");
        }
        if (button is { } b)
        {
            html.Append($"<tr><td style=\"padding:8px 0 20px\"><a href=\"{E(b.Url)}\" style=\"background:#3b5bdb;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;display:inline-block;font-weight:600\">{E(b.Label)}</a></td></tr>");
            // The address is one long unbreakable word: let it wrap, or it widens the whole email past the reader's screen.
            html.Append($"<tr><td style=\"padding-bottom:12px;font-size:12px;color:#6b7280;word-break:break-all\">{E(T("Or paste this address into your browser:"))} {E(b.Url)}</td></tr>");
        }
        if (choices is { } c)
        {
            html.Append($"<tr><td style=\"padding:8px 0 8px;line-height:1.5;font-weight:600\">{E(c.Question)}</td></tr><tr><td style=\"padding-bottom:16px;line-height:2\">");
            foreach (var (label, url) in c.Links)
            {
                html.Append($"<a href=\"{E(url)}\" style=\"color:#3b5bdb;border:1px solid #3b5bdb;border-radius:16px;padding:4px 12px;margin:0 6px 6px 0;display:inline-block;text-decoration:none\">{E(label)}</a>");
            }
            html.Append("</td></tr>");
        }
        foreach (var p in after)
        {
            html.Append($"<tr><td style=\"padding-bottom:12px;line-height:1.5\">{E(p)}</td></tr>");
        }
        html.Append($"<tr><td style=\"padding-top:16px;font-size:12px;color:#9ca3af\">{E(Brand)} · {E(T("Hosted PBX and SIP trunks"))} · <a href=\"{E(links.To("/help"))}\" style=\"color:#9ca3af\">{E(T("Help centre"))}</a></td></tr>");
        html.Append("</table></td></tr></table></body></html>");

        var text = new StringBuilder();
        text.AppendLine(greeting).AppendLine();
        foreach (var p in paragraphs)
        {
            text.AppendLine(p).AppendLine();
        }
        if (table is { Count: > 0 })
        {
            foreach (var (label, value) in table)
            {
                text.AppendLine($"  {label}: {value}");
            }
            text.AppendLine();
        }
        if (button is { } tb)
        {
            text.AppendLine($"{tb.Label}: {tb.Url}").AppendLine();
        }
        if (choices is { } tc)
        {
            text.AppendLine(tc.Question);
            foreach (var (label, url) in tc.Links)
            {
                text.AppendLine($"  {label}: {url}");
            }
            text.AppendLine();
        }
        foreach (var p in after)
        {
            text.AppendLine(p).AppendLine();
        }
        text.AppendLine($"-- {Brand} · {T("Help centre")}: {links.To("/help")}");
        return new ComposedEmail(template, subject, html.ToString(), text.ToString());
    }

    /// <summary>"Hi Ada," in English; a Chinese reader is greeted by the full name (a Chinese name has no first name to split off).</summary>
    private string FirstName(string fullName)
    {
        if (PortalCultures.IsChinese)
        {
            return fullName.Trim().Length == 0 ? T("there") : fullName.Trim();
        }
        var first = fullName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return string.IsNullOrEmpty(first) ? T("there") : first;
    }

    /// <summary>A date in the recipient's language: "3 December 2026" / "2026年12月3日".</summary>
    private static string Day(DateTime utc) => PortalFormats.Day(utc);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
