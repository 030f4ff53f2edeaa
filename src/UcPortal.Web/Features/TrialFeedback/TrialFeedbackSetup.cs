using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.TrialFeedback;

public static class TrialFeedbackSetup
{
    public static void AddTrialFeedback(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TrialExitLinks>();
        services.AddScoped<TrialExitFeedback>();
        services.AddScoped<TrialFollowUpList>();
        services.AddScoped<TrialFollowUpChanges>();
        // Emails each staff member their due trial follow-ups at 07:00 UTC (once a day per person).
        services.AddRecurringJob<TrialFollowUpDigestJob>(TrialFollowUpDigestJob.Id, "0 7 * * *", (j, ct) => j.RunAsync(ct));
    }
}
