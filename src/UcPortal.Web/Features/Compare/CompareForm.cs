using System.Globalization;
using System.Net.Mail;

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
    public (ComparisonInputs? Inputs, IReadOnlyDictionary<string, decimal>? Assumptions, Dictionary<string, string> Errors) Read()
    {
        var errors = new Dictionary<string, string>();
        var seats = Whole(nameof(Seats), Seats, 1, 5000, "seats (people with a phone)", errors);
        var lines = Whole(nameof(Lines), Lines, 1, 2000, "outside lines (calls at once)", errors);
        var sites = Whole(nameof(Sites), Sites, 1, 200, "sites", errors);
        var bill = Amount(nameof(MonthlyBillPerSite), MonthlyBillPerSite, 0, 100_000, "monthly phone bill per site", errors);
        if (seats is { } s && lines is { } l && l > s * 4)
        {
            errors[nameof(Lines)] = $"{l} lines for {s} seats is more than four a seat: check the number of lines.";
        }
        var kind = CurrentPbx switch
        {
            "none" => Compare.CurrentPbx.None,
            "on-premise" => Compare.CurrentPbx.OnPremise,
            _ => (Compare.CurrentPbx?)null,
        };
        if (kind is null)
        {
            errors[nameof(CurrentPbx)] = "Choose whether you have a PBX today.";
        }
        int? age = 0;
        decimal? price = 0;
        decimal? maintenance = 0;
        if (kind == Compare.CurrentPbx.OnPremise)
        {
            age = Whole(nameof(PbxAgeYears), PbxAgeYears, 0, 40, "age of your PBX in years", errors);
            price = Amount(nameof(PbxPurchasePrice), PbxPurchasePrice, 1, 5_000_000, "price you paid for your PBX", errors);
        }
        maintenance = Amount(nameof(MaintenancePercent), MaintenancePercent, 0, 50, "yearly maintenance as % of the PBX's price (10 to 20 % is typical)", errors);
        var itHours = Amount(nameof(ItHoursPerMonth), ItHoursPerMonth, 0, 744, "IT hours a month spent on the phone system", errors);
        var growth = Amount(nameof(GrowthPercentPerYear), GrowthPercentPerYear, 0, 100, "expected growth in % a year", errors);

        var assumptions = new Dictionary<string, decimal>();
        foreach (var d in ComparisonRates.All)
        {
            var (value, error) = ComparisonRates.Parse(d, Assumptions.GetValueOrDefault(d.Code));
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
    public Dictionary<string, string> ReadContact()
    {
        var errors = new Dictionary<string, string>();
        var name = FullName?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(FullName)] = "Enter your name.";
        }
        else if (name.Length > 120)
        {
            errors[nameof(FullName)] = "Keep your name under 120 characters.";
        }
        var company = Company?.Trim() ?? "";
        if (company.Length == 0)
        {
            errors[nameof(Company)] = "Enter your company's name.";
        }
        else if (company.Length > 120)
        {
            errors[nameof(Company)] = "Keep the company name under 120 characters.";
        }
        var email = Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            errors[nameof(Email)] = "Enter your work email address: we send the report there.";
        }
        else if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal))
        {
            errors[nameof(Email)] = "Enter an email address such as name@company.com.";
        }
        return errors;
    }

    private static int? Whole(string field, string? text, int min, int max, string what, Dictionary<string, string> errors)
    {
        var value = Amount(field, text, min, max, what, errors);
        if (value is { } v && v != decimal.Truncate(v))
        {
            errors[field] = "Enter a whole number.";
            return null;
        }
        return value is { } w ? (int)w : null;
    }

    private static decimal? Amount(string field, string? text, decimal min, decimal max, string what, Dictionary<string, string> errors)
    {
        var s = (text ?? "").Trim().Replace(",", "").TrimStart('$', '€', '£').TrimEnd('%').Trim();
        if (s.Length == 0)
        {
            errors[field] = $"Enter the {what}.";
            return null;
        }
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors[field] = $"Enter the {what} as a number.";
            return null;
        }
        if (value < 0)
        {
            errors[field] = "Enter a number of 0 or more.";
            return null;
        }
        if (value < min || value > max)
        {
            errors[field] = $"Enter {min.ToString("#,0.##", CultureInfo.InvariantCulture)} to {max.ToString("#,0.##", CultureInfo.InvariantCulture)}: the {what}.";
            return null;
        }
        if (decimal.Round(value, 2) != value)
        {
            errors[field] = "Use at most two decimals.";
            return null;
        }
        return value;
    }
}
