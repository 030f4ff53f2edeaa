using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UcPortal.Web.Features.Trials;

/// <summary>SIP domains like <c>acme-7k2f.sip.example.com</c>: the company name made DNS-safe plus
/// a random suffix, so two companies of the same name never collide (a unique index backs it).</summary>
public static class SipDomainNames
{
    private const string SuffixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string NewDomain(string company, string baseDomain) =>
        $"{Slug(company)}-{RandomNumberGenerator.GetString(SuffixAlphabet, 4)}.{baseDomain.Trim('.').ToLowerInvariant()}";

    public static string Slug(string company)
    {
        var normalized = company.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(lower);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
            if (sb.Length >= 20)
            {
                break;
            }
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "tenant" : slug;
    }
}
