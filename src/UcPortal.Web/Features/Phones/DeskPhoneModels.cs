using System.Globalization;

namespace UcPortal.Web.Features.Phones;

public enum PhoneBrand { Yealink = 1, Grandstream = 2 }

/// <summary>A model we can provision. <see cref="Lines"/> is the number of SIP accounts the phone
/// registers (not its line keys), from the vendors' data sheets.</summary>
public sealed record DeskPhoneModel(string Code, PhoneBrand Brand, string Name, int Lines)
{
    public string DisplayName => $"{Brand} {Name}";
}

public static class DeskPhoneModels
{
    public static readonly IReadOnlyList<DeskPhoneModel> Supported =
    [
        new("yealink-t31p", PhoneBrand.Yealink, "T31P", 2),
        new("yealink-t33g", PhoneBrand.Yealink, "T33G", 4),
        new("yealink-t46u", PhoneBrand.Yealink, "T46U", 16),
        new("yealink-t54w", PhoneBrand.Yealink, "T54W", 16),
        new("grandstream-gxp2170", PhoneBrand.Grandstream, "GXP2170", 6),
        new("grandstream-grp2614", PhoneBrand.Grandstream, "GRP2614", 4),
        new("grandstream-grp2615", PhoneBrand.Grandstream, "GRP2615", 5),
    ];

    public static DeskPhoneModel? Find(string? code) => Supported.FirstOrDefault(m => m.Code == code);
}

/// <summary>MAC addresses as phones and their labels print them, stored as 12 upper-case hex digits.</summary>
public static class MacAddress
{
    /// <summary>Accepts <c>00:15:65:AB:CD:EF</c>, <c>00-15-65-ab-cd-ef</c>, <c>0015.65ab.cdef</c> and <c>001565abcdef</c>.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }
        var digits = new string(input.Trim().Where(c => c is not (':' or '-' or '.' or ' ')).ToArray()).ToUpperInvariant();
        return digits.Length == 12 && digits.All(char.IsAsciiHexDigit) ? digits : null;
    }

    public static string Format(string normalized) =>
        string.Join(':', Enumerable.Range(0, normalized.Length / 2).Select(i => normalized.Substring(i * 2, 2)));

    /// <summary>Phones ask for their file with the MAC in lower case; compare without regard to case.</summary>
    public static bool Matches(string normalized, string? requested) =>
        requested is not null && string.Equals(normalized, requested, StringComparison.OrdinalIgnoreCase) && requested.Length == 12;

    public static string Lower(string normalized) => normalized.ToLower(CultureInfo.InvariantCulture);
}
