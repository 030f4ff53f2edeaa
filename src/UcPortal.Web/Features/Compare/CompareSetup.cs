namespace UcPortal.Web.Features.Compare;

public sealed class CompareOptions
{
    public const string Section = "Compare";

    /// <summary>Report requests for one email address in 24 hours (confirmed or not): a prospect
    /// trying figures needs a few; more is somebody using the form to mail a stranger.</summary>
    public int ReportsPerAddressPerDay { get; set; } = 3;

    /// <summary>Report requests from one client address in 24 hours.</summary>
    public int ReportsPerIpPerDay { get; set; } = 10;

    /// <summary>How long the confirmation link works.</summary>
    public int ConfirmLinkHours { get; set; } = 48;

    /// <summary>How long the "start my trial" link of a report fills the trial form.</summary>
    public int TrialLinkDays { get; set; } = 30;

    /// <summary>Where report PDFs are kept for the outbox (outside wwwroot); empty = <c>comparison-reports</c> in the data folder.</summary>
    public string? ReportDirectory { get; set; }
}

public static class CompareSetup
{
    public static void AddCostComparison(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CompareOptions>(builder.Configuration.GetSection(CompareOptions.Section));
        var contentRoot = builder.Environment.ContentRootPath;
        var dataFolder = builder.Configuration["Database:DataFolder"] is { Length: > 0 } configured ? configured : "data";
        builder.Services.PostConfigure<CompareOptions>(o => o.ReportDirectory = Path.GetFullPath(Path.Combine(contentRoot,
            string.IsNullOrWhiteSpace(o.ReportDirectory) ? Path.Combine(dataFolder, "comparison-reports") : o.ReportDirectory)));
        builder.Services.AddScoped<ComparisonRates>();
        builder.Services.AddScoped<ComparisonCalculator>();
        builder.Services.AddScoped<ComparisonReports>();
    }
}
