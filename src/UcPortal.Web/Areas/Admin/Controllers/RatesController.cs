using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class RatesPage
{
    public List<CallRate> Rates { get; init; } = [];

    /// <summary>The new rate's form (shown again with its errors).</summary>
    public CallRateForm Form { get; init; } = new();

    /// <summary>The rate being edited, or null.</summary>
    public int? EditingId { get; init; }
    public CallRateForm? EditForm { get; init; }
}

/// <summary>The rate table calls are priced by (per-minute price per prefix, longest prefix wins).</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Admin)]
[Route("admin/rates")]
public sealed class RatesController(PortalDbContext db, CallRateChanges changes) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? edit, CancellationToken ct)
    {
        var rates = await LoadAsync(ct);
        var editing = edit is null ? null : rates.FirstOrDefault(r => r.Id == edit);
        return View(new RatesPage
        {
            Rates = rates,
            EditingId = editing?.Id,
            EditForm = editing is null ? null : new CallRateForm { Prefix = editing.Prefix, Description = editing.Description, PricePerMinute = CallRates.Format(editing.PricePerMinuteMicros) },
        });
    }

    [HttpPost("")]
    public async Task<IActionResult> Add([Bind(Prefix = "Form")] CallRateForm form, CancellationToken ct)
    {
        var result = await changes.AddAsync(form, ct);
        if (!result.Succeeded)
        {
            result.AddTo(ModelState, "Form.");
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), new RatesPage { Rates = await LoadAsync(ct), Form = form });
        }
        return this.RedirectWith(result, "/admin/rates", "Info", "Info");
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Update(int id, [Bind(Prefix = "EditForm")] CallRateForm form, CancellationToken ct)
    {
        var result = await changes.UpdateAsync(id, form, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            result.AddTo(ModelState, "EditForm.");
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), new RatesPage { Rates = await LoadAsync(ct), EditingId = id, EditForm = form });
        }
        return this.RedirectWith(result, "/admin/rates", "Info", "Info");
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var result = await changes.DeleteAsync(id, ct);
        return result.NotFound ? NotFound() : this.RedirectWith(result, "/admin/rates", "Info", "Info");
    }

    private Task<List<CallRate>> LoadAsync(CancellationToken ct) => db.CallRates.AsNoTracking().OrderBy(r => r.Prefix).ToListAsync(ct);
}
