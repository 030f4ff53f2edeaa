namespace UcPortal.Web.Features.Porting;

public static class PortingSetup
{
    public static void AddPorting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PortingOptions>(builder.Configuration.GetSection(PortingOptions.Section));
        builder.Services.AddSingleton<PortingStorage>();
        builder.Services.AddScoped<LetterOfAuthorisation>();
        builder.Services.AddScoped<TenantPorting>();
        builder.Services.AddScoped<StaffPorting>();
    }
}
