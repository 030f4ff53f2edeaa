using UcPortal.Web.Features.CustomerCare;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Hosting;

public static class PipelineSetup
{
    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UsePortalMetricsEndpoint();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            // Strict-Transport-Security on https responses (behind a proxy: X-Forwarded-Proto), not for localhost.
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
        // An address that matches nothing is a 404 for everyone; without this the fallback
        // authorization policy would send anonymous visitors to the login page instead.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        // The request's language (user's choice, cookie, Accept-Language) before the cache keys pages by it.
        app.UsePortalLocalisation();
        // Anonymous marketing pages from memory, before authentication (PublicPageCache).
        app.UseOutputCache();
        app.UseAuthentication();
        app.UseViewAsCustomer();
        app.UseAuthorization();
    }

    public static void MapPortalEndpoints(this WebApplication app)
    {
        app.MapPortalHealth();
        app.MapPortalJobsDashboard();
        app.MapControllerRoute("areas", "{area:exists}/{controller=Tenants}/{action=Index}/{id?}");
        app.MapControllers();
    }
}
