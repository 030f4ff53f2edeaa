using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Trials;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Dashboard;

public sealed class ProvisioningPage
{
    public required TrialSignup Signup { get; init; }
    public List<TrialArea> Areas { get; init; } = [];
}

public sealed class QuickStartPage
{
    public required Tenant Tenant { get; init; }
    public required Plan Plan { get; init; }
    public required PortalUser User { get; init; }
    public required List<Extension> Extensions { get; init; }
    public required List<PhoneNumber> Numbers { get; init; }
    public required string ProxyHost { get; init; }
    public bool CanManage { get; init; }
    /// <summary>Voicemail messages nobody has played yet, of the mailboxes the user may see.</summary>
    public int UnheardVoicemail { get; init; }
    /// <summary>The trial's credit left, of its kind: "$4.20" or "42 min".</summary>
    public string CreditLeft { get; init; } = "";
    /// <summary>"$4.20 of $5.00 of call credit left" or "42 of 60 minutes left".</summary>
    public string CreditLeftOfTotal { get; init; } = "";
    public int CreditPercentLeft { get; init; }
    public int? DaysLeft { get; init; }
    public List<(string Slug, string Title)> Guides { get; init; } = [];
    /// <summary>Why outbound calls stopped, while the tenant is flagged (FraudFlag not cleared).</summary>
    public Fraud.FraudNotice? Fraud { get; init; }
}

/// <summary>The customer's home: provisioning progress while the trial is being set up, then the
/// quick-start with everything needed for a first call.</summary>
[Route("dashboard")]
public sealed class DashboardController(PortalDbContext db, CurrentTenant current, TimeProvider clock, IOptions<SipOptions> sip) : Controller
{
    private static readonly string[] GuideSlugs =
    [
        "make-your-first-test-call", "set-up-zoiper", "set-up-linphone", "set-up-a-desk-phone",
        "sip-server-ports-and-transports", "nat-and-firewall-settings", "troubleshoot-registration-failures",
    ];

    /// <summary>Compiled: no expression tree to walk and look up in the query cache per request.</summary>
    private static readonly CompiledQuery<Func<PortalDbContext, Guid, IAsyncEnumerable<PhoneNumber>>> NumbersOf = new(() =>
        EF.CompileAsyncQuery<PortalDbContext, Guid, PhoneNumber>((db, tenantId) => db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == tenantId).OrderBy(n => n.E164)));

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = await current.GetUserAsync(ct);
        if (user is null)
        {
            return Challenge();
        }
        if (await current.GetAsync(ct) is not { } caller)
        {
            if (User.IsInRole(StaffRoles.Admin) || User.IsInRole(StaffRoles.Support))
            {
                return Redirect("/admin");
            }
            var signup = await db.TrialSignups.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == user.Id, ct);
            if (signup is null)
            {
                return View("NoTenant");
            }
            if (signup.Status == TrialSignupStatus.AwaitingMobileCode)
            {
                return Redirect("/trial/verify-mobile");
            }
            return View("Provisioning", await ProvisioningModelAsync(signup, ct));
        }
        return View("QuickStart", await QuickStartModelAsync(caller, ct));
    }

    /// <summary>Polled by the provisioning page (htmx); tells the browser to reload once the trial is ready.</summary>
    [HttpGet("progress")]
    public async Task<IActionResult> Progress(CancellationToken ct)
    {
        var user = await current.GetUserAsync(ct);
        if (user is null)
        {
            return Unauthorized();
        }
        var signup = await db.TrialSignups.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == user.Id, ct);
        if (user.TenantId is not null || signup is null || signup.Status is TrialSignupStatus.Provisioned or TrialSignupStatus.Refused or TrialSignupStatus.AwaitingMobileCode)
        {
            Response.Headers["HX-Refresh"] = "true";
            return Content("");
        }
        return PartialView("_ProvisioningSteps", await ProvisioningModelAsync(signup, ct));
    }

    /// <summary>The prospect's answer when their area's trial pool was empty.</summary>
    [HttpPost("choose-area")]
    public async Task<IActionResult> ChooseArea([FromForm] string area, [FromServices] ChooseTrialArea choose, CancellationToken ct)
    {
        var result = await choose.RunAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, area, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            TempData["AreaError"] = result.Error;
        }
        return Redirect("/dashboard");
    }

    /// <summary>Shows one extension's SIP password (owner and admins only). A POST, so the password
    /// is never in a URL, a log line or the browser's history.</summary>
    [HttpPost("extensions/{id:guid}/password")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public async Task<IActionResult> RevealPassword(TenantCaller caller, Guid id, [FromServices] SipCredentialFactory credentials, CancellationToken ct) =>
        await db.Extensions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.TenantId == caller.TenantId, ct) is { } extension
            ? PartialView("_RevealedPassword", (extension, credentials.Unprotect(extension.SipPasswordProtected)))
            : NotFound();

    private async Task<ProvisioningPage> ProvisioningModelAsync(TrialSignup signup, CancellationToken ct) => new()
    {
        Signup = signup,
        Areas = signup.Status == TrialSignupStatus.NoNumberInArea
            ? await HttpContext.RequestServices.GetRequiredService<NumberInventory>().GetTrialAreasAsync(ct: ct)
            : [],
    };

    private async Task<QuickStartPage> QuickStartModelAsync(TenantCaller caller, CancellationToken ct)
    {
        var tenant = caller.Tenant;
        // One round trip for the tenant's extensions, its unheard voicemail and an open fraud flag (the
        // notice at the top), a second for its numbers (a third list in the same query would multiply
        // the rows), the guides' titles from the cache of help content. Before: six queries after the
        // user's (docs/decisions/035).
        var visibleVoicemail = HttpContext.RequestServices.GetRequiredService<Voicemail.VoicemailPages>().Visible(caller);
        var lists = await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Id).Select(t => new
        {
            Extensions = db.Extensions.Where(e => e.TenantId == t.Id).OrderBy(e => e.Number).ToList(),
            Unheard = visibleVoicemail.Count(m => !m.Heard),
            Fraud = db.FraudFlags.Where(f => f.TenantId == t.Id && f.ClearedAtUtc == null).OrderBy(f => f.Id)
                .Select(f => new { f.Rule, f.Detail, f.RaisedAtUtc }).FirstOrDefault(),
        }).SingleAsync(ct);
        var numbers = new List<PhoneNumber>();
        await foreach (var number in NumbersOf.For(db)(db, tenant.Id).WithCancellation(ct))
        {
            numbers.Add(number);
        }
        var guides = await HttpContext.RequestServices.GetRequiredService<Help.HelpTitles>().OfAsync(GuideSlugs, ct);
        var text = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        return new QuickStartPage
        {
            Tenant = tenant,
            Plan = tenant.Plan!,
            User = caller.User,
            Extensions = lists.Extensions,
            Numbers = numbers,
            ProxyHost = sip.Value.ProxyHost,
            CanManage = caller.CanManage,
            UnheardVoicemail = lists.Unheard,
            CreditLeft = TrialCredit.Left(tenant, tenant.Plan!.Currency, text),
            CreditLeftOfTotal = TrialCredit.LeftOfTotal(tenant, tenant.Plan!.Currency, text),
            CreditPercentLeft = TrialCredit.PercentLeft(tenant),
            DaysLeft = tenant.TrialDaysLeft(clock.GetUtcNow().UtcDateTime),
            Guides = guides,
            Fraud = lists.Fraud is { } flag
                ? new Fraud.FraudNotice(Fraud.FraudRules.Title(flag.Rule), flag.Detail, flag.RaisedAtUtc,
                    HttpContext.RequestServices.GetRequiredService<IOptions<Fraud.FraudOptions>>().Value.SupportContact)
                : null,
        };
    }
}
