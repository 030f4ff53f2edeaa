using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace UcPortal.Web.Features.Pbx.Changes;

/// <summary>A change log line in the reader's language. The log stores English (staff read it, the SIP core's
/// history keeps it, decision 036), so the customer's Changes page translates the shapes the portal writes:
/// "Ring group 600 added", "Number +44 …: routing changed", "Trial set up: 3 extensions, number …". Names
/// and numbers stay as written; a line of another shape (an older or staff-written one) is shown as stored.</summary>
public static partial class ChangeDescriptions
{
    private static readonly string[] Things = ["Extension", "Ring group", "Business hours", "Auto attendant", "SIP trunk"];

    public static string Translate(string english, IStringLocalizer t)
    {
        if (Whole().Match(english) is { Success: true } m && Things.Contains(m.Groups["thing"].Value))
        {
            return t[$"{m.Groups["thing"].Value} {{0}} {m.Groups["what"].Value}", m.Groups["name"].Value];
        }
        if (PasswordReset().Match(english) is { Success: true } p)
        {
            return t[p.Groups["staff"].Success ? "Extension {0}: SIP password reset by staff" : "Extension {0}: SIP password reset", p.Groups["number"].Value];
        }
        if (NumberRouting().Match(english) is { Success: true } n)
        {
            var parts = n.Groups["what"].Value.Split(", ").Select(part => FailoverTo().Match(part) is { Success: true } f
                ? t["failover to {0}", Destination(f.Groups["to"].Value, t)].Value
                : t[part].Value);
            return t["Number {0}: {1}", n.Groups["number"].Value, string.Join(t[", "].Value, parts)];
        }
        if (TrialSetUp().Match(english) is { Success: true } s)
        {
            return t["Trial set up: {0} extensions, number {1}", s.Groups["count"].Value, s.Groups["number"].Value];
        }
        var whole = t[english];
        return whole.ResourceNotFound ? english : whole.Value;
    }

    /// <summary>A destination as <see cref="Routing.DestinationCatalog.Describe"/> wrote it in English.</summary>
    private static string Destination(string english, IStringLocalizer t) =>
        DestinationWords().Match(english) is { Success: true } d ? Routing.DestinationCatalog.L(t, d.Groups["kind"].Value + " {0}", d.Groups["target"].Value) : t[english];

    [GeneratedRegex(@"^(?<thing>Extension|Ring group|Business hours|Auto attendant|SIP trunk) (?<name>.+) (?<what>added|changed|deleted|forwarding changed)$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"^Extension (?<number>\S+): SIP password reset(?<staff> by staff)?$")]
    private static partial Regex PasswordReset();

    [GeneratedRegex(@"^Number (?<number>\+[\d ]+): (?<what>.+)$")]
    private static partial Regex NumberRouting();

    [GeneratedRegex(@"^failover to (?<to>.+)$")]
    private static partial Regex FailoverTo();

    [GeneratedRegex(@"^(?<kind>extension|ring group|voicemail of extension|auto attendant|trunk) (?<target>.+)$")]
    private static partial Regex DestinationWords();

    [GeneratedRegex(@"^Trial set up: (?<count>\d+) extensions, number (?<number>\S+)$")]
    private static partial Regex TrialSetUp();
}
