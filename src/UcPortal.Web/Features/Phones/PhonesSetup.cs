namespace UcPortal.Web.Features.Phones;

public static class PhonesSetup
{
    public static void AddDeskPhones(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DeskPhonePages>();
        builder.Services.AddScoped<AddDeskPhone>();
        builder.Services.AddScoped<AssignDeskPhoneLines>();
        builder.Services.AddScoped<DeleteDeskPhone>();
        builder.Services.AddScoped<RenewProvisioningUrl>();
        builder.Services.AddScoped<ProvisioningFiles>();
    }
}
