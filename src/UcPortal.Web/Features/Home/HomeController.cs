using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(PortalDbContext db) : Controller
{
    [HttpGet("/")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PublicPageCache.PlansTag])]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PublicPlansAsync(ct));

    [HttpGet("/pricing")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PublicPageCache.PlansTag])]
    public async Task<IActionResult> Pricing(CancellationToken ct) => View(await PublicPlansAsync(ct));

    private Task<List<Plan>> PublicPlansAsync(CancellationToken ct) =>
        db.Plans.AsNoTracking().Where(p => p.IsPublic && p.RetiredAtUtc == null).OrderBy(p => p.SortOrder).ToListAsync(ct);
}

[AllowAnonymous]
[Route("error")]
public sealed class ErrorController : Controller
{
    [HttpGet(""), HttpPost("")]
    public IActionResult Index() => Status(500);

    [HttpGet("{code:int}"), HttpPost("{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status(int code)
    {
        Response.StatusCode = code is >= 400 and <= 599 ? code : 500;
        return View("Error", Response.StatusCode);
    }
}
