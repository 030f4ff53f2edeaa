using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Email;

public sealed record ComposedEmail(string Template, string Subject, string Html, string Text);

public sealed record TrialReadyExtension(string Number, string Username);

public sealed record TrialReadyDetails(
    string FullName, string Company, string SipDomain, string ProxyHost,
    IReadOnlyList<TrialReadyExtension> Extensions, string TrialNumber, string Credit, DateTime ExpiresAtUtc);

/// <summary>Every email the portal sends, each with an HTML and a plain-text body. User input is
/// HTML-encoded; SIP passwords never appear in an email, only a link to reveal them.</summary>
public sealed partial class EmailTemplates(PortalLinks links, IOptions<PortalOptions> portal)
{
    private string Brand => portal.Value.Name;

    public ComposedEmail ConfirmEmail(string fullName, string confirmUrl) => Compose(
        "confirm-email",
        $"Confirm your email to start your {Brand} trial",
        $"Hi {FirstName(fullName)},",
        [
            "Thanks for starting a free trial. Confirm your email address, enter the code we then text to your mobile, and we set up your phone system straight away: SIP credentials, three extensions and a trial number, usually in under a minute.",
        ],
        ("Confirm my email", confirmUrl),
        ["If you did not ask for a trial, ignore this email and nothing will be set up."]);

    public ComposedEmail TrialReady(TrialReadyDetails d)
    {
        var dashboard = links.To("/dashboard");
        var paragraphs = new List<string>
        {
            $"Your {Brand} trial for {d.Company} is ready. Here is what you need to make your first call:",
        };
        var table = new List<(string, string)>
        {
            ("SIP domain (server)", d.SipDomain),
            ("Outbound proxy", d.ProxyHost),
            ("Ports", "5060 UDP/TCP, 5061 TLS"),
            ("Your trial number", d.TrialNumber),
            ("Trial credit", d.Credit),
            ("Trial ends", d.ExpiresAtUtc.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)),
        };
        foreach (var ext in d.Extensions)
        {
            table.Add(($"Extension {ext.Number}", $"username {ext.Username}"));
        }
        return Compose(
            "trial-ready",
            $"Your {Brand} trial is ready: {d.TrialNumber}",
            $"Hi {FirstName(d.FullName)},",
            paragraphs,
            ("Open my dashboard", dashboard),
            [
                "For your security, SIP passwords are never sent by email: open the dashboard to reveal and copy them.",
                "Quick test: register extension 100 in a softphone, then call your trial number from your mobile.",
            ],
            table);
    }

    public ComposedEmail ResetPassword(string fullName, string resetUrl) => Compose(
        "reset-password",
        $"Reset your {Brand} password",
        $"Hi {FirstName(fullName)},",
        ["We received a request to reset the password of your account. The link below works for two days and only once."],
        ("Choose a new password", resetUrl),
        ["If you did not ask for this, ignore this email: your password stays as it is."]);

    public ComposedEmail TeamInvitation(string inviterName, string company, string role, string acceptUrl, DateTime expiresAtUtc) => Compose(
        "team-invitation",
        $"{inviterName} invited you to {company} on {Brand}",
        "Hello,",
        [
            $"{inviterName} invited you to join {company}'s phone system on {Brand} as {role}.",
            $"Accept the invitation to choose your password, or to add the team to your existing {Brand} account. The link works once, until {expiresAtUtc.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}.",
        ],
        ("Accept the invitation", acceptUrl),
        ["If you did not expect this invitation, ignore this email: nothing happens unless you accept."]);

    public ComposedEmail StaffInvitation(string inviterName, string fullName, string role, string acceptUrl, DateTime expiresAtUtc) => Compose(
        "staff-invitation",
        $"{inviterName} invited you to the {Brand} staff area",
        $"Hi {FirstName(fullName)},",
        [
            $"{inviterName} invited you to join the {Brand} staff area as {role}.",
            $"Accept the invitation to choose your password. The link works once, until {expiresAtUtc.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}. When you first log in you will set up two-factor authentication with an authenticator app on your phone.",
        ],
        ("Accept the invitation", acceptUrl),
        ["If you did not expect this invitation, ignore this email: nothing happens unless you accept."]);

    public ComposedEmail TrialApproved(string fullName, string company) => Compose(
        "trial-approved",
        $"Your {Brand} trial is approved",
        $"Hi {FirstName(fullName)},",
        [
            $"Thanks for waiting: we have checked {company}'s trial and approved it. We are setting up your phone system now; a second email with your SIP details follows in a minute.",
        ],
        ("Open your dashboard", links.To("/dashboard")),
        []);

    public ComposedEmail TrialRefused(string fullName, string company, string reason) => Compose(
        "trial-refused",
        $"We could not approve your {Brand} trial",
        $"Hi {FirstName(fullName)},",
        [
            $"We have checked the free trial requested for {company} and could not approve it.",
            $"Reason: {reason}",
            "If you think this is a mistake, reply to this email or contact our sales team: we can set up a paid plan after a short call.",
        ],
        null,
        []);

    public ComposedEmail NewVoicemail(string fullName, string extension, string caller, DateTime receivedAtUtc, double seconds) => Compose(
        "new-voicemail",
        $"New voicemail for extension {extension} from {caller}",
        $"Hi {FirstName(fullName)},",
        [
            $"{caller} left a message for extension {extension} on {receivedAtUtc:d MMM yyyy 'at' HH:mm} UTC ({Math.Round(seconds):0} s). The recording is attached.",
        ],
        ("Listen in the portal", links.To("/pbx/voicemail")),
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
            html.Append($"<tr><td style=\"padding-bottom:12px;font-size:12px;color:#6b7280;word-break:break-all\">Or paste this address into your browser: {E(b.Url)}</td></tr>");
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
        html.Append($"<tr><td style=\"padding-top:16px;font-size:12px;color:#9ca3af\">{E(Brand)} · hosted PBX and SIP trunks · <a href=\"{E(links.To("/help"))}\" style=\"color:#9ca3af\">Help centre</a></td></tr>");
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
        text.AppendLine($"-- {Brand} · Help centre: {links.To("/help")}");
        return new ComposedEmail(template, subject, html.ToString(), text.ToString());
    }

    private static string FirstName(string fullName)
    {
        var first = fullName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return string.IsNullOrEmpty(first) ? "there" : first;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
