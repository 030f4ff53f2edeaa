using System.Net.Mail;

namespace UcPortal.Web.Features.Trials;

/// <summary>What an email address says about a prospect: disposable (refused), free mail (exempt
/// from one-trial-per-company-domain), and its canonical form for one-trial-per-person.
/// The lists ship with the portal (Features/Trials/*.txt).</summary>
public sealed class EmailDomainRules
{
    private readonly HashSet<string> _disposable = Load("disposable-email-domains.txt");
    private readonly HashSet<string> _freeMail = Load("free-email-domains.txt");

    public static bool TryParse(string? input, out string address)
    {
        address = (input ?? "").Trim();
        if (address.Length is 0 or > 254 || address.Contains(' ') || address.Count(c => c == '@') != 1)
        {
            return false;
        }
        try
        {
            var parsed = new MailAddress(address);
            var domain = parsed.Host;
            // A reachable mailbox needs a dotted domain with a real top-level part.
            if (parsed.Address != address || !domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') ||
                domain.Split('.').Last().Length < 2 || domain.Contains(".."))
            {
                return false;
            }
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    /// <summary>A disposable domain or any subdomain of one.</summary>
    public bool IsDisposable(string domain) => MatchesList(_disposable, domain);

    public bool IsFreeMail(string domain) => MatchesList(_freeMail, domain);

    /// <summary>The address that identifies one person: lower case, "+tag" removed, and for Gmail
    /// the dots removed (Gmail ignores them), so j.doe+trial2@gmail.com is jdoe@gmail.com.</summary>
    public static string Canonical(string address)
    {
        var at = address.LastIndexOf('@');
        var local = address[..at].ToLowerInvariant();
        var domain = address[(at + 1)..].ToLowerInvariant();
        var plus = local.IndexOf('+');
        if (plus > 0)
        {
            local = local[..plus];
        }
        if (domain is "gmail.com" or "googlemail.com")
        {
            local = local.Replace(".", "", StringComparison.Ordinal);
            domain = "gmail.com";
        }
        return $"{local}@{domain}";
    }

    private static bool MatchesList(HashSet<string> list, string domain)
    {
        domain = domain.ToLowerInvariant();
        while (true)
        {
            if (list.Contains(domain))
            {
                return true;
            }
            var dot = domain.IndexOf('.');
            if (dot < 0 || domain.IndexOf('.', dot + 1) < 0)
            {
                return false;
            }
            domain = domain[(dot + 1)..];
        }
    }

    private static HashSet<string> Load(string file)
    {
        var assembly = typeof(EmailDomainRules).Assembly;
        using var stream = assembly.GetManifestResourceStream("UcPortal.Trials." + file)
            ?? throw new InvalidOperationException($"Embedded list {file} is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.ToLowerInvariant());
            }
        }
        return set;
    }
}
