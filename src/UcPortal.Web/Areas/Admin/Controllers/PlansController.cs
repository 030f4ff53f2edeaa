using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Plans;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class PlansPage
{
    public List<Plan> Plans { get; init; } = [];
    public Dictionary<int, int> Tenants { get; init; } = [];
    public string ProviderName { get; init; } = "";
    public bool IsTestMode { get; init; }
    public SyncPlansResult? Result { get; init; }
    /// <summary>What the last change did (shown above the sync's result).</summary>
    public string? Saved { get; init; }
    /// <summary>The plan form: a new plan (<see cref="EditingId"/> null) or the plan being edited.</summary>
    public PlanForm? Form { get; init; }
    public int? EditingId { get; init; }
}

/// <summary>The plan catalogue (Admin only): create, edit, retire, each followed by a sync to the payment provider.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Admin)]
[Route("admin/plans")]
public sealed class PlansController(PortalDbContext db, IPaymentProvider provider, PlanChanges changes, SyncPlans sync) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? edit, bool create, CancellationToken ct)
    {
        var plan = edit is null ? null : await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == edit && !p.IsTrial, ct);
        return View(await PageAsync(null, ct, form: plan is not null ? PlanForm.From(plan) : create ? new PlanForm() : null, editingId: plan?.Id));
    }

    [HttpPost("sync")]
    public async Task<IActionResult> Sync(CancellationToken ct)
    {
        var result = await sync.RunAsync(ct);
        db.ChangeTracker.Clear();
        return View(nameof(Index), await PageAsync(result, ct));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] PlanForm form, CancellationToken ct)
    {
        var result = await changes.CreateAsync(form, ct);
        return await AfterChangeAsync(result, form, null, ct);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Update(int id, [Bind(Prefix = "Form")] PlanForm form, CancellationToken ct)
    {
        var result = await changes.UpdateAsync(id, form, ct);
        return result.NotFound ? NotFound() : await AfterChangeAsync(result, form, id, ct);
    }

    [HttpPost("{id:int}/retire")]
    public async Task<IActionResult> Retire(int id, CancellationToken ct)
    {
        var result = await changes.RetireAsync(id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), await PageAsync(null, ct, saved: result.Error));
        }
        return View(nameof(Index), await PageAsync(null, ct, saved: result.Message));
    }

    [HttpPost("{id:int}/trial-credit")]
    public async Task<IActionResult> TrialCredit(int id, string? trialCredit, CancellationToken ct)
    {
        var result = await changes.SetTrialCreditAsync(id, trialCredit, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return View(nameof(Index), await PageAsync(null, ct, saved: result.Succeeded ? result.Message : result.Error));
    }

    /// <summary>A saved change is synced at once (the sync creates only what is missing); a refused one shows the form again.</summary>
    private async Task<IActionResult> AfterChangeAsync(FormResult result, PlanForm form, int? id, CancellationToken ct)
    {
        if (!result.Succeeded)
        {
            result.AddTo(ModelState, "Form.", replaceBinderMessages: true);
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), await PageAsync(null, ct, form: form, editingId: id));
        }
        db.ChangeTracker.Clear();
        var synced = await sync.RunAsync(ct);
        db.ChangeTracker.Clear();
        return View(nameof(Index), await PageAsync(synced, ct, saved: result.Message));
    }

    private async Task<PlansPage> PageAsync(SyncPlansResult? result, CancellationToken ct, string? saved = null, PlanForm? form = null, int? editingId = null) => new()
    {
        Plans = await db.Plans.AsNoTracking().OrderBy(p => p.RetiredAtUtc != null).ThenBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(ct),
        Tenants = await db.Tenants.GroupBy(t => t.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct),
        ProviderName = provider.Name,
        IsTestMode = provider.IsTestMode,
        Result = result,
        Saved = saved,
        Form = form,
        EditingId = editingId,
    };
}
