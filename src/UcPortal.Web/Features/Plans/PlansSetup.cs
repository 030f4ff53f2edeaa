namespace UcPortal.Web.Features.Plans;

public static class PlansSetup
{
    public static void AddPlanCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlanCatalogSeeder>();
        builder.Services.AddScoped<PlanChanges>();
    }
}
