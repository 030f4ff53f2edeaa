using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Account;

namespace UcPortal.Web.Features.Fraud;

public sealed record FraudNotice(string Title, string Detail, DateTime RaisedAtUtc, string SupportContact);

/// <summary>On the customer's dashboard while the tenant is flagged: why outbound calls stopped, what still
/// works, and how to reach support.</summary>
public sealed class FraudNoticeViewComponent(PortalDbContext db, CurrentTenant current, IOptions<FraudOptions> options) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (await current.GetAsync(HttpContext.RequestAborted) is not { } caller)
        {
            return Content("");
        }
        var flag = await db.FraudFlags.AsNoTracking().Where(f => f.TenantId == caller.TenantId && f.ClearedAtUtc == null)
            .OrderBy(f => f.Id).FirstOrDefaultAsync(HttpContext.RequestAborted);
        return flag is null
            ? Content("")
            : View("~/Features/Fraud/Views/_FraudNotice.cshtml", new FraudNotice(FraudRules.Title(flag.Rule), flag.Detail, flag.RaisedAtUtc, options.Value.SupportContact));
    }
}
