using System.Globalization;

namespace UcPortal.Web.Features.Numbers;

/// <summary>What the shared number search (Features/Shared/_NumberSearch) shows: the form, the results,
/// the searcher's hold, and where its buttons go. One partial for signup, billing and staff.</summary>
public sealed class NumberSearchPanel
{
    /// <summary>Prefix of the element ids ("trial", "billing", "staff").</summary>
    public required string Id { get; init; }
    public NumberQuery Query { get; init; } = new();
    public NumberSearchResult Result { get; init; } = new();
    public List<string> Countries { get; init; } = [];
    /// <summary>Where the form's GET goes (htmx swaps the panel).</summary>
    public required string SearchUrl { get; init; }
    /// <summary>Where "Choose" posts the number's id; null: results cannot be held (staff).</summary>
    public string? HoldUrl { get; init; }
    /// <summary>Where "Buy this number" posts (billing); null elsewhere.</summary>
    public string? BuyUrl { get; init; }
    public NumberHold? Hold { get; init; }
    public int HoldMinutes { get; init; } = 10;
    public DateTime NowUtc { get; init; }
    /// <summary>The monthly price of a number as the searcher will pay it (see decision 032).</summary>
    public required Func<NumberType, string> Price { get; init; }
    /// <summary>The signup picks country and city in its own "area" field: the panel shows no country/city.</summary>
    public bool AreaFromOutside { get; init; }
    /// <summary>Other elements whose values every search sends (the signup's area select).</summary>
    public string? Include { get; init; }
    /// <summary>A line under the hold (what happens next).</summary>
    public string? HoldNote { get; init; }
    public string? Error { get; init; }
    public string? Info { get; init; }

    public static string CountryName(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
