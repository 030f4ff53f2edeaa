using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Hosting;

/// <summary>The cookie TempData provider without its needless cookie: the layout reads
/// TempData["Info"] on every page, and ASP.NET Core's provider then answers every response, even
/// one to a browser that never had the cookie, with a Set-Cookie that deletes it. That header alone
/// kept every public page out of the output cache and cost each response a cookie (decision 029).
/// Here an empty TempData is saved (the cookie deleted) only when the request brought the cookie.</summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider inner, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.Keys.Any(k => k.StartsWith(options.Value.Cookie.Name!, StringComparison.Ordinal)))
        {
            return;
        }
        inner.SaveTempData(context, values);
    }
}
