using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace UcPortal.Web.Features.Billing;

/// <summary>A provider refusal or outage during a billing action is the user's news, not a 500:
/// back to the billing page with the provider's safe message (nothing was changed on our side,
/// because every action applies the provider's answer only after it succeeded).</summary>
public sealed class PaymentProviderErrorFilter(ITempDataDictionaryFactory tempData, ILogger<PaymentProviderErrorFilter> log, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not PaymentProviderException e)
        {
            return;
        }
        log.LogWarning("Payment provider refused {Path}: {Detail}", context.HttpContext.Request.Path, e.Message);
        tempData.GetTempData(context.HttpContext)["BillingError"] = t["{0} Nothing was changed.", t[e.UserMessage].Value].Value;
        context.Result = new RedirectResult("/billing");
        context.ExceptionHandled = true;
    }
}
