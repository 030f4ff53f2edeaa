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

    /// <summary>How long a code sent to the mobile is valid.</summary>
    public int MobileCodeMinutes { get; set; } = 10;

    /// <summary>Wrong entries allowed for one code; then a new code is needed.</summary>
    public int MobileCodeTries { get; set; } = 5;

    /// <summary>Codes one signup may ask for in an hour (the first one included): SMS cost money and pumping them is a fraud of its own.</summary>
    public int MobileCodesPerHour { get; set; } = 3;

    /// <summary>More signups than this from one address in 24 hours go to staff review.</summary>
    public int SignupsPerAddressPerDay { get; set; } = 3;

    /// <summary>More signups than this from one network (/24, /64) in 24 hours go to staff review.</summary>
    public int SignupsPerNetworkPerDay { get; set; } = 10;

    /// <summary>The header in which the proxy in front of the portal puts the client's country
    /// (e.g. CF-IPCountry). Empty: the request's country is unknown and not compared. Only set it
    /// when the proxy always overwrites the header, or clients choose their own country.</summary>
    public string RequestCountryHeader { get; set; } = "";
}

public static class TrialsSetup
{
    public static void AddTrials(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TrialOptions>(builder.Configuration.GetSection(TrialOptions.Section));
        builder.Services.AddSingleton<EmailDomainRules>();
        builder.Services.AddScoped<StartTrial>();
        builder.Services.AddScoped<ConfirmTrialEmail>();
        builder.Services.AddScoped<SignupRiskRules>();
        builder.Services.AddScoped<VerifyMobile>();
        // Re-queues provisioning lost when a node died between a commit and its enqueue (decision 028).
        Hosting.RecurringJobs.AddRecurringJob<TrialProvisioningJob>(builder.Services, "trial-provisioning-reconcile", "* * * * *", (j, ct) => j.RequeueLostAsync(ct));
        builder.Services.AddScoped<ReviewTrialSignup>();
        builder.Services.AddScoped<ChooseTrialArea>();
        builder.Services.AddScoped<TrialProvisioningJob>();
        builder.Services.AddScoped<TrialCreditOffer>();
    }
}
