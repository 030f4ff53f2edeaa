namespace UcPortal.Web.Features.CustomerSearch;

public static class CustomerSearchSetup
{
    public static WebApplicationBuilder AddCustomerSearch(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CustomerSearchOptions>(builder.Configuration.GetSection(CustomerSearchOptions.Section));
        builder.Services.AddScoped<TenantSearch>();
        return builder;
    }
}
