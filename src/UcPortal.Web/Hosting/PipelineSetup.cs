namespace UcPortal.Web.Hosting;

public static class PipelineSetup
{
    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        else
        {
            app.UseDeveloperExceptionPage();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static void MapPortalEndpoints(this WebApplication app)
    {
        app.MapPortalHealth();
        app.MapPortalJobsDashboard();
        app.MapControllerRoute("areas", "{area:exists}/{controller=Tenants}/{action=Index}/{id?}");
        app.MapControllers();
        if (app.Services.GetService<Hangfire.IRecurringJobManager>() is not null)
        {
            app.RegisterRecurringJobs();
        }
    }
}
