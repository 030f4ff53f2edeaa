namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Support staff's view of one customer (the "customer 360" tenant page), its actions, and
/// "view as customer".</summary>
public static class CustomerCareSetup
{
    public static WebApplicationBuilder AddCustomerCare(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TenantTimeline>();
        builder.Services.AddScoped<TenantOverview>();
        builder.Services.AddScoped<AddTrialCredit>();
        builder.Services.AddScoped<ResendEmail>();
        builder.Services.AddScoped<ResetSipPassword>();
        builder.Services.AddScoped<ForceSipResync>();
        builder.Services.AddScoped<CancelSubscription>();
        builder.Services.AddScoped<RetryTrialProvisioning>();
        builder.Services.AddScoped<ViewAsCustomer>();
        return builder;
    }

    /// <summary>After authentication (it needs the user), before authorization (the tenant policies ask CurrentTenant).</summary>
    public static void UseViewAsCustomer(this WebApplication app) => app.UseMiddleware<ViewAsCustomerMiddleware>();
}
