using System.Security.Cryptography;

namespace UcPortal.EndToEnd;

/// <summary>A prospect as the trial form asks for one.</summary>
public sealed record Prospect(string FullName, string Company, string Email, string Password, string Country, string Mobile, string Area)
{
    /// <summary>The mobile as the portal stores it (+E.164): how the dev outbox lists its text messages.</summary>
    public string MobileE164 => new(Mobile.Where(c => c == '+' || char.IsAsciiDigit(c)).ToArray());
}

/// <summary>Prospects that pass the portal's one-trial-per-person, per-mobile and per-company-domain
/// rules: each gets its own company domain and mobile number.</summary>
public static class TestData
{
    // US numbers in the 555-01xx block are reserved for fiction, and libphonenumber accepts them
    // as US numbers that may be mobile; a fresh database per run makes 100 per area code plenty.
    private static readonly string[] AreaCodes = ["201", "212", "312", "415", "512", "617"];
    private static int _mobiles = -1;

    public static string NewId() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 6);

    public static string NewUsMobile()
    {
        var n = Interlocked.Increment(ref _mobiles);
        return $"+1 {AreaCodes[n / 100 % AreaCodes.Length]} 555 01{n % 100:D2}";
    }

    /// <summary>UK mobiles (+44 7701 9…): valid for libphonenumber, unique per run. Never dialled.</summary>
    public static string NewUkMobile() => $"+44 7701 9{Interlocked.Increment(ref _mobiles) % 100000:D5}";

    public static Prospect NewProspect()
    {
        var id = NewId();
        return new Prospect(
            FullName: "Dana Whitfield",
            Company: $"Harbor Freight Lines {id}",
            Email: $"dana@harbor-{id}.example.com",
            Password: "Sunny-Harbor-42",
            Country: "US",
            Mobile: NewUsMobile(),
            Area: "US|New York");
    }
}
