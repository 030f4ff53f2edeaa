using System.Net;
using System.Text.RegularExpressions;

namespace UcPortal.Tests.Localisation;

/// <summary>Finds English left on a page or in an email rendered in Chinese (decision 036): every
/// Latin word in the visible text (and in placeholders, titles, labels for screen readers) must be on
/// the allow-list of product names and technical terms. Addresses, domains, numbers and code-like
/// tokens (anything with a dot, slash, @ or digit) are skipped. Strict on purpose: a lone "Search"
/// left on a button fails as surely as a sentence.</summary>
public static partial class NoEnglishLeft
{
    /// <summary>Words a Chinese SaaS page keeps in Latin letters: product and brand names, protocols, units.</summary>
    public static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "UcPortal", "SIP", "PBX", "IP-PBX", "DID", "IP", "PDF", "UDP", "TCP", "TLS", "NAT", "UTC", "RTP", "SRTP", "STUN", "VPN", "DNS", "QR",
        "Wi-Fi", "IT", "ID", "CSV", "API", "HTTPS", "HTTP", "URL", "SMS", "EN", "English",
        "Zoiper", "Linphone", "Yealink", "Grandstream", "Stripe", "Checkout", "MicroSIP", "Opus", "G.711", "G.722", "PCMU", "PCMA", "ALG", "QoS",
        // Audio file formats (the greeting upload).
        "WAV", "Ogg", "FLAC", "AIFF", "WebM", "MB",
        // Image formats (the porting letter of authorisation) and file sizes.
        "PNG", "JPEG", "KB",
        // Help articles: network terms, units and the platforms softphones run on.
        "SRV", "ICE", "UPnP", "DHCP", "MAC", "NTP", "DSCP", "VoIP", "iLBC", "ms", "kbps", "Mbps", "GHz", "Windows", "macOS", "Linux", "Android", "iOS", "iPhone", "Google", "Play", "App", "Store",
        // The catalogue's plan names, kept next to their Chinese names ("入门版（Starter）").
        "Starter", "Business", "Enterprise",
        // Names in test data.
        "Li", "Wei", "Acme", "Zhang", "San", "Wang",
    };

    public static void AssertNone(string where, string text)
    {
        // A phrase shown unformatted ("{0} 的转入申请"): T[…, args].Value is the phrase before its arguments go in.
        var unformatted = Placeholder().Match(text);
        Assert.False(unformatted.Success, $"{where} shows a phrase without its arguments: …{(unformatted.Success ? text.Substring(Math.Max(0, unformatted.Index - 20), Math.Min(40, text.Length - Math.Max(0, unformatted.Index - 20))) : "")}…");
        var left = EnglishWords(text);
        Assert.True(left.Count == 0, $"{where} has English left: {string.Join(" | ", left.Take(20))}");
    }

    /// <summary>Each English word left, with a few characters around it.</summary>
    public static List<string> EnglishWords(string text)
    {
        var cleaned = CodeLike().Replace(text, " ");
        var found = new List<string>();
        foreach (Match m in Word().Matches(cleaned))
        {
            var word = m.Value.Trim('-', '\'', '’');
            if (word.Length < 2 || Allowed.Contains(word))
            {
                continue;
            }
            var from = Math.Max(0, m.Index - 25);
            found.Add(cleaned.Substring(from, Math.Min(cleaned.Length - from, m.Length + 50)).ReplaceLineEndings(" ").Trim());
        }
        return found;
    }

    /// <summary>What a reader sees of a page: text nodes and the placeholder/title/aria-label/alt attributes, not scripts,
    /// styles or code (a help article's `Settings → Auto Provision` names a device's own English menu, not prose).</summary>
    public static string VisibleText(string html)
    {
        var body = ScriptOrStyle().Replace(html, " ");
        var attributes = string.Join("\n", ReadableAttribute().Matches(body).Select(m => m.Groups[2].Value));
        var text = Tag().Replace(body, " ");
        return WebUtility.HtmlDecode(text + "\n" + attributes);
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z][A-Za-z'’-]*")]
    private static partial Regex Word();

    /// <summary>Addresses, domains, e-mails, numbers with letters, inline code: not prose.</summary>
    [GeneratedRegex(@"\S*[./@:_\d]\S*")]
    private static partial Regex CodeLike();

    [GeneratedRegex(@"<(script|style|code|pre)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"\s(placeholder|title|aria-label|alt)=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ReadableAttribute();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex Tag();
}
