using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Localisation;

/// <summary>The language switch in the header and footer: a small form that posts the choice here.
/// A signed-in user's form carries the antiforgery token and it is checked (the choice is saved on the
/// account). An anonymous visitor's form has none: the page it sits on is served from the output cache
/// to everyone, and a per-visitor token there would be someone else's (decision 036). For them the only
/// effect is their own language cookie, and a request from another site is still refused.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("language")]
public sealed class LanguageController(SaveCultureChoice save, IAntiforgery antiforgery) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Choose(string? culture, string? returnUrl, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            if (!await antiforgery.IsRequestValidAsync(HttpContext))
            {
                return BadRequest();
            }
        }
        else if (Request.Headers["Sec-Fetch-Site"] is [var site] && site is not ("same-origin" or "none"))
        {
            return BadRequest();
        }
        var target = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (PortalCultures.Normalise(culture) is { } chosen)
        {
            await save.ChooseAsync(HttpContext, chosen, ct);
        }
        return LocalRedirect(target);
    }
}
