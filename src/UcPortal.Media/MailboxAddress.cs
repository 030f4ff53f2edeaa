namespace UcPortal.Media;

/// <summary>The media engine's account user of an extension's mailbox: <c>vm-&lt;extension&gt;-&lt;tenant SIP domain&gt;</c>.
/// Kamailio builds the same request URI (route TO_VM), so the engine needs no table of its own.</summary>
public static class MailboxAddress
{
    public static string User(string sipDomain, string extension) => $"vm-{extension}-{sipDomain.ToLowerInvariant()}";

    /// <summary>The account AOR for the engine listening on <paramref name="sipListen"/> (host:port).</summary>
    public static string Aor(string sipDomain, string extension, string sipListen) => $"sip:{User(sipDomain, extension)}@{sipListen}";

    /// <summary>Reads (domain, extension) back from an AOR or request URI; null when it is not a mailbox's.</summary>
    public static (string SipDomain, string Extension)? Parse(string aor)
    {
        var user = aor.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? aor[4..] : aor;
        var at = user.IndexOf('@');
        if (at >= 0)
        {
            user = user[..at];
        }
        if (!user.StartsWith("vm-", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = user[3..];
        var dash = rest.IndexOf('-');
        if (dash <= 0 || dash == rest.Length - 1 || !rest[..dash].All(char.IsAsciiDigit))
        {
            return null;
        }
        return (rest[(dash + 1)..], rest[..dash]);
    }

    /// <summary>The same account on the engine listening on <paramref name="sipListen"/>: every engine of the pool
    /// answers every account, each at its own address (decision 037).</summary>
    public static string OnEngine(string aor, string sipListen)
    {
        var at = aor.IndexOf('@');
        return at < 0 ? aor : $"{aor[..(at + 1)]}{sipListen}";
    }

    /// <summary>The user part of a SIP URI (<c>sip:+15551230000@host</c> → <c>+15551230000</c>).</summary>
    public static string UserOf(string uri)
    {
        var s = uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? uri[4..] : uri.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ? uri[5..] : uri;
        var at = s.IndexOf('@');
        return at >= 0 ? s[..at] : s;
    }
}
