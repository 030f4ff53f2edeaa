namespace UcPortal.Web.Features.Help;

public static class HelpSetup
{
    public static void AddHelpCentre(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<HelpArticleSeeder>();
        builder.Services.AddScoped<HelpCentre>();
        builder.Services.AddScoped<HelpTitles>();
        builder.Services.AddScoped<HelpArticleEditor>();
    }
}
