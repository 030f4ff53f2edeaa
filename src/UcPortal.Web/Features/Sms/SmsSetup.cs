namespace UcPortal.Web.Features.Sms;

public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Keep text messages in the portal (shown at /dev/mailbox in Development) instead of sending them.
    /// The default whenever no Twilio keys are configured outside Production.</summary>
    public bool UseLocalOutbox { get; set; }
}

public sealed class TwilioOptions
{
    public const string Section = "Twilio";
    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";

    /// <summary>The sender: a Twilio number (+E.164) or a Messaging Service SID (MG…).</summary>
    public string From { get; set; } = "";

    /// <summary>Twilio's API address; tests point it at a local server that speaks the same API.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";
}

public static class SmsSetup
{
    public static void AddPortalSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SmsOptions>(builder.Configuration.GetSection(SmsOptions.Section));
        services.Configure<TwilioOptions>(builder.Configuration.GetSection(TwilioOptions.Section));

        var twilio = builder.Configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        var useOutbox = builder.Configuration.GetValue<bool>($"{SmsOptions.Section}:UseLocalOutbox");
        var hasKeys = !string.IsNullOrWhiteSpace(twilio.AccountSid) && !string.IsNullOrWhiteSpace(twilio.AuthToken);
        if (hasKeys && !useOutbox)
        {
            if (string.IsNullOrWhiteSpace(twilio.From))
            {
                throw new InvalidOperationException("Twilio keys are configured but no Twilio:From (a Twilio number or Messaging Service SID) to send from.");
            }
            services.AddTransient<TwilioBaseAddressHandler>();
            services.AddHttpClient(TwilioSmsSender.HttpClientName).AddHttpMessageHandler<TwilioBaseAddressHandler>();
            services.AddSingleton<ISmsSender, TwilioSmsSender>();
        }
        else if (builder.Environment.IsProduction() && !useOutbox)
        {
            throw new InvalidOperationException(
                "No Twilio:AccountSid and Twilio:AuthToken are configured. Set them, or set Sms:UseLocalOutbox=true to keep text messages inside the portal (no prospect can verify their mobile).");
        }
        else
        {
            services.AddSingleton<ISmsSender, LocalOutboxSmsSender>();
        }
        services.AddScoped<SmsOutbox>();
        services.AddScoped<SendOutboxSmsJob>();
    }
}
