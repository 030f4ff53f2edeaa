using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";
    public string FromAddress { get; set; } = "hello@ucportal.test";
    public string FromName { get; set; } = "UcPortal";

    /// <summary>Keep messages in the portal (shown at /dev/mailbox in Development) instead of sending them.
    /// The default whenever no SendGrid key is configured outside Production.</summary>
    public bool UseLocalMailbox { get; set; }
}

public sealed class SendGridOptions
{
    public const string Section = "SendGrid";
    public string ApiKey { get; set; } = "";

    /// <summary>SendGrid's API address; tests point it at a local server that speaks the same API.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.sendgrid.com";
}

public static class EmailSetup
{
    public static void AddPortalEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
        services.Configure<SendGridOptions>(builder.Configuration.GetSection(SendGridOptions.Section));

        var sendGridKey = builder.Configuration[$"{SendGridOptions.Section}:ApiKey"];
        var useMailbox = builder.Configuration.GetValue<bool>($"{EmailOptions.Section}:UseLocalMailbox");
        if (!string.IsNullOrWhiteSpace(sendGridKey) && !useMailbox)
        {
            services.AddHttpClient(SendGridMailTransport.HttpClientName);
            services.AddSingleton<IMailTransport, SendGridMailTransport>();
        }
        else if (builder.Environment.IsProduction() && !useMailbox)
        {
            throw new InvalidOperationException(
                "No SendGrid:ApiKey is configured. Set it, or set Email:UseLocalMailbox=true to keep emails inside the portal (no customer will receive them).");
        }
        else
        {
            services.AddSingleton<IMailTransport, LocalMailboxTransport>();
        }

        builder.AddPortalLinks();
        services.AddSingleton<EmailTemplates>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<SendOutboxEmailJob>();
        // Re-enqueues outbox emails that are still pending after their job gave up or was lost.
        services.AddRecurringJob<OutboxSweepJob>("outbox-sweep", "*/10 * * * *", (j, ct) => j.RunAsync(ct));
        services.AddScoped<StaffAlerts>();
    }
}
