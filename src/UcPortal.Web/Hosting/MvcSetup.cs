using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Hosting;

public static class MvcSetup
{
    public static void AddPortalMvc(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PortalOptions>(builder.Configuration.GetSection(PortalOptions.Section));
        builder.Services.Configure<SipOptions>(builder.Configuration.GetSection(SipOptions.Section));
        builder.Services.AddHttpContextAccessor();
        builder.Services
            .AddControllersWithViews(o =>
            {
                // Every unsafe request (POST, PUT, DELETE) needs the antiforgery token; webhooks opt out explicitly.
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            })
            .AddRazorOptions(o =>
            {
                // Feature folders: Features/{Controller}/Views/{View}.cshtml, shared views in Features/Shared.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/Views/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
                o.AreaViewLocationFormats.Clear();
                o.AreaViewLocationFormats.Add("/Areas/{2}/Views/{1}/{0}" + RazorViewEngine.ViewExtension);
                o.AreaViewLocationFormats.Add("/Areas/{2}/Views/Shared/{0}" + RazorViewEngine.ViewExtension);
                o.AreaViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            })
            .AddPortalViewLocalisation();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, QuietTempDataProvider>();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ucportal.af";
            o.HeaderName = "X-CSRF-TOKEN";
            // SecurityHeaders sends X-Frame-Options: DENY on every response; antiforgery's SAMEORIGIN would win on forms.
            o.SuppressXFrameOptionsHeader = true;
        });
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
    }
}
