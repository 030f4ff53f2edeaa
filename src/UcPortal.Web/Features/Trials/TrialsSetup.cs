namespace UcPortal.Web.Features.Trials;

/// <summary>Trial defaults; every value is configuration (section "Trial").</summary>
public sealed class TrialOptions
{
    public const string Section = "Trial";
    public int Days { get; set; } = 14;
    public int CreditMinutes { get; set; } = 60;
    public int MaxConcurrentCalls { get; set; } = 2;
    public int Extensions { get; set; } = 3;
    public int FirstExtension { get; set; } = 100;
}

public static class TrialsSetup
{
    public static void AddTrials(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TrialOptions>(builder.Configuration.GetSection(TrialOptions.Section));
        builder.Services.AddSingleton<EmailDomainRules>();
        builder.Services.AddScoped<StartTrial>();
        builder.Services.AddScoped<ConfirmTrialEmail>();
        builder.Services.AddScoped<ChooseTrialArea>();
        builder.Services.AddScoped<TrialProvisioningJob>();
    }
}
