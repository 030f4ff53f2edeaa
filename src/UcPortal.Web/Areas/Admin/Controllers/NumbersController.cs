using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class NumbersPage
{
    public NumberFilter Filter { get; init; } = new();
    public InventoryPage Page { get; init; } = new();
    public List<(string Country, string City)> Areas { get; init; } = [];
    public bool CanChange { get; init; }
}

public sealed class NumberImportPage
{
    public NumberImportResult? Result { get; init; }
    public string? FileName { get; init; }
}

/// <summary>The number inventory: every staff member browses it; Admins import, move, retire and
/// release numbers from quarantine.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/numbers")]
public sealed class NumbersController(NumberInventoryBrowser browser, NumberInventoryChanges changes) : Controller
{
    /// <summary>Largest CSV accepted (≈ 100,000 rows of about 60 bytes).</summary>
    private const long MaxImportBytes = 8 * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] NumberFilter filter, CancellationToken ct)
    {
        // A filter value the binder could not read (?status=nonsense) is simply no filter.
        ModelState.Clear();
        return View(new NumbersPage
        {
            Filter = filter,
            Page = await browser.PageAsync(filter, ct),
            Areas = await browser.AreasAsync(ct),
            CanChange = User.IsInRole(StaffRoles.Admin),
        });
    }

    [HttpGet("import")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    public IActionResult Import() => View(new NumberImportPage());

    [HttpPost("import")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    [RequestSizeLimit(MaxImportBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxImportBytes)]
    public async Task<IActionResult> Import(IFormFile? file, [FromServices] NumberImport import, CancellationToken ct)
    {
        NumberImportResult result;
        if (file is { Length: > MaxImportBytes })
        {
            result = new NumberImportResult { FileError = "The file is larger than 8 MB: split it into smaller files." };
        }
        else
        {
            await using var stream = file?.OpenReadStream();
            result = await import.RunAsync(stream, file?.FileName, ct);
        }
        if (result.Succeeded)
        {
            TempData["Info"] = $"{result.Imported:N0} numbers imported from {file!.FileName}.";
            return Redirect("/admin/numbers");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(new NumberImportPage { Result = result, FileName = file?.FileName });
    }

    [HttpPost("{id:int}/pool")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    public async Task<IActionResult> Move(int id, NumberPool? pool, string? returnUrl, CancellationToken ct) =>
        this.RedirectWith(await changes.MoveAsync(id, pool, ct), Back(returnUrl), "Info", "Error");

    [HttpPost("{id:int}/retire")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    public async Task<IActionResult> Retire(int id, string? returnUrl, CancellationToken ct) =>
        this.RedirectWith(await changes.RetireAsync(id, ct), Back(returnUrl), "Info", "Error");

    [HttpPost("{id:int}/release")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    public async Task<IActionResult> Release(int id, string? returnUrl, CancellationToken ct) =>
        this.RedirectWith(await changes.ReleaseFromQuarantineAsync(id, ct), Back(returnUrl), "Info", "Error");

    private string Back(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin/numbers", StringComparison.Ordinal) ? returnUrl : "/admin/numbers";
}
