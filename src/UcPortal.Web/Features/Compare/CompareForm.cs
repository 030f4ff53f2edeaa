using System.Globalization;
using System.Net.Mail;
using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Compare;

/// <summary>The comparison as the prospect typed it: text, so every mistake gets a message in words
/// next to its field (a number binder would only say "not valid").</summary>
public sealed class CompareForm
{
    public string? Seats { get; set; }
    public string? Lines { get; set; }
    public string? Sites { get; set; }
    public string? MonthlyBillPerSite { get; set; }

    /// <summary>"none" or "on-premise".</summary>
    public string? CurrentPbx { get; set; }
    public string? PbxAgeYears { get; set; }
    public string? PbxPurchasePrice { get; set; }
    public string? MaintenancePercent { get; set; }
    public string? ItHoursPerMonth { get; set; }
    public string? GrowthPercentPerYear { get; set; }

    /// <summary>The assumptions by code (<see cref="ComparisonRates.All"/>), prefilled with the rate table's values.</summary>
    public Dictionary<string, string?> Assumptions { get; set; } = [];

    // Only for "Email me this report".
    public string? FullName { get; set; }
    public string? Company { get; set; }
    public string? Email { get; set; }

    public static CompareForm WithDefaults(IReadOnlyDictionary<string, decimal> rates) => new()
    {
        CurrentPbx = "on-premise",
        MaintenancePercent = "15",
        GrowthPercentPerYear = "0",
        Assumptions = ComparisonRates.All.ToDictionary(d => d.Code, d => (string?)d.Format(rates[d.Code])),
    };

    /// <summary>The form read into the model's inputs, or the messages by field name.</summary>
    /// <param name="t">The visitor's language for the messages (null: English).</param>
    public (ComparisonInputs? Inputs, IReadOnlyDictionary<string, decimal>? Assumptions, Dictionary<string, string> Errors) Read(IStringLocalizer? t = null)
    {
        string L(string text, params object[] args) => PortalText.Say(t, text, args);
        var errors = new Dictionary<string, string>();
        var seats = Whole(nameof(Seats), Seats, 1, 5000, L("number of seats (people with a phone)"), errors, t);
        var lines = Whole(nameof(Lines), Lines, 1, 2000, L("number of outside lines (calls at once)"), errors, t);
        var sites = Whole(nameof(Sites), Sites, 1, 200, L("sites"), errors, t);
        var bill = Amount(nameof(MonthlyBillPerSite), MonthlyBillPerSite, 0, 100_000, L("monthly phone bill per site"), errors, t);
        if (seats is { } s && lines is { } l && l > s * 4)
        {
            errors[nameof(Lines)] = L("{0} lines for {1} seats is more than four a seat: check the number of lines.", l, s);
        }
        var kind = CurrentPbx switch
        {
            "none" => Compare.CurrentPbx.None,
            "on-premise" => Compare.CurrentPbx.OnPremise,
            _ => (Compare.CurrentPbx?)null,
        };
        if (kind is null)
        {
            errors[nameof(CurrentPbx)] = L("Choose whether you have a PBX today.");
        }
        int? age = 0;
        decimal? price = 0;
        decimal? maintenance = 0;
        if (kind == Compare.CurrentPbx.OnPremise)
        {
            age = Whole(nameof(PbxAgeYears), PbxAgeYears, 0, 40, L("age of your PBX in years"), errors, t);
            price = Amount(nameof(PbxPurchasePrice), PbxPurchasePrice, 1, 5_000_000, L("price you paid for your PBX"), errors, t);
        }
        maintenance = Amount(nameof(MaintenancePercent), MaintenancePercent, 0, 50, L("yearly maintenance as % of the PBX's price (10 to 20 % is typical)"), errors, t);
        var itHours = Amount(nameof(ItHoursPerMonth), ItHoursPerMonth, 0, 744, L("IT hours a month spent on the phone system"), errors, t);
        var growth = Amount(nameof(GrowthPercentPerYear), GrowthPercentPerYear, 0, 100, L("expected growth in % a year"), errors, t);

        var assumptions = new Dictionary<string, decimal>();
        foreach (var d in ComparisonRates.All)
        {
            var (value, error) = ComparisonRates.Parse(d, Assumptions.GetValueOrDefault(d.Code), t);
            if (value is { } v)
            {
                assumptions[d.Code] = v;
            }
            else
            {
                errors[$"Assumptions[{d.Code}]"] = error!;
            }
        }
        if (errors.Count > 0)
        {
            return (null, null, errors);
        }
        return (new ComparisonInputs(seats!.Value, lines!.Value, sites!.Value, bill!.Value, kind!.Value, age!.Value, price!.Value,
            maintenance!.Value, itHours!.Value, growth!.Value), assumptions, errors);
    }

    /// <summary>Name, company and a plausible address, for the report.</summary>
    public Dictionary<string, string> ReadContact(IStringLocalizer? t = null)
    {
        string L(string text) => PortalText.Say(t, text);
        var errors = new Dictionary<string, string>();
        var name = FullName?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(FullName)] = L("Enter your name.");
        }
        else if (name.Length > 120)
        {
            errors[nameof(FullName)] = L("Keep your name under 120 characters.");
        }
        var company = Company?.Trim() ?? "";
        if (company.Length == 0)
        {
            errors[nameof(Company)] = L("Enter your company's name.");
        }
        else if (company.Length > 120)
        {
            errors[nameof(Company)] = L("Keep the company name under 120 characters.");
        }
        var email = Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            errors[nameof(Email)] = L("Enter your work email address: we send the report there.");
        }
        else if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal))
        {
            errors[nameof(Email)] = L("Enter an email address such as name@company.com.");
        }
        return errors;
    }

    private static int? Whole(string field, string? text, int min, int max, string what, Dictionary<string, string> errors, IStringLocalizer? t)
    {
        var value = Amount(field, text, min, max, what, errors, t);
        if (value is { } v && v != decimal.Truncate(v))
        {
            errors[field] = PortalText.Say(t, "Enter a whole number.");
            return null;
        }
        return value is { } w ? (int)w : null;
    }

    private static decimal? Amount(string field, string? text, decimal min, decimal max, string what, Dictionary<string, string> errors, IStringLocalizer? t = null)
    {
        string L(string english, params object[] args) => PortalText.Say(t, english, args);
        var s = (text ?? "").Trim().Replace(",", "").TrimStart('$', '€', '£').TrimEnd('%').Trim();
        if (s.Length == 0)
        {
            errors[field] = L("Enter the {0}.", what);
            return null;
        }
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors[field] = L("Enter the {0} as a number.", what);
            return null;
        }
        if (value < 0)
        {
            errors[field] = L("Enter a number of 0 or more.");
            return null;
        }
        if (value < min || value > max)
        {
            errors[field] = L("Enter {0} to {1}: the {2}.", min.ToString("#,0.##", CultureInfo.InvariantCulture), max.ToString("#,0.##", CultureInfo.InvariantCulture), what);
            return null;
        }
        if (decimal.Round(value, 2) != value)
        {
            errors[field] = L("Use at most two decimals.");
            return null;
        }
        return value;
    }
}
