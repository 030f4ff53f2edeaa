namespace UcPortal.Web.Features.Trials;

/// <summary>A sensible first time zone for a new tenant, from the country of its trial number;
/// the tenant changes it in its settings (several zones per country are common).</summary>
public static class CountryTimeZones
{
    private static readonly Dictionary<string, string> ByCountry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "America/New_York", ["CA"] = "America/Toronto", ["GB"] = "Europe/London", ["IE"] = "Europe/Dublin",
        ["DE"] = "Europe/Berlin", ["AT"] = "Europe/Vienna", ["CH"] = "Europe/Zurich", ["FR"] = "Europe/Paris",
        ["BE"] = "Europe/Brussels", ["NL"] = "Europe/Amsterdam", ["ES"] = "Europe/Madrid", ["IT"] = "Europe/Rome",
        ["SE"] = "Europe/Stockholm", ["DK"] = "Europe/Copenhagen", ["NO"] = "Europe/Oslo",
        ["AU"] = "Australia/Sydney", ["NZ"] = "Pacific/Auckland",
    };

    public static string Default(string country) => ByCountry.GetValueOrDefault(country, "UTC");
}
