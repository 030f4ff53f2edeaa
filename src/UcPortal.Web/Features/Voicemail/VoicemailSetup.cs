namespace UcPortal.Web.Features.Voicemail;

public static class VoicemailSetup
{
    public static void AddVoicemail(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<VoicemailOptions>(builder.Configuration.GetSection(VoicemailOptions.Section));
        builder.Services.AddSingleton<VoicemailStorage>();
        builder.Services.AddScoped<VoicemailInbox>();
        builder.Services.AddScoped<Mailboxes>();
        builder.Services.AddScoped<EngineAttendants>();
        builder.Services.AddScoped<VoicemailPages>();
        builder.Services.AddScoped<SetGreeting>();
        builder.Services.AddSingleton<MediaEngineService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaEngineService>());
    }
}
