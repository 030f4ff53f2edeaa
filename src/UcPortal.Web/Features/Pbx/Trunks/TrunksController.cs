using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Trunks;

/// <summary>SIP trunks to the customer's own PBX (owners and admins of paid plans that include them).</summary>
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
[Route("pbx/trunks")]
public sealed class TrunksController(CurrentTenant current, TrunkPages pages, TrunkChanges changes)
    : PbxEditorController<TrunkForm>(current, "/pbx/trunks", "/Features/Pbx/Trunks/Views/")
{
    /// <summary>Registration credentials, as a POST so they never land in a URL or a log.</summary>
    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> Reveal(TenantCaller caller, Guid id, CancellationToken ct) =>
        await pages.RevealAsync(caller, id, ct) is { } revealed ? PartialView(ViewFolder + "_RevealedCredentials.cshtml", revealed) : NotFound();

    protected override string DeletedMessage => Text["SIP trunk deleted."];

    protected override string SavedMessage(TrunkForm form) => form.AuthMode == TrunkAuthMode.Registration
        ? Text["SIP trunk saved. Reveal its username and password below to enter them in your PBX."]
        : Text["SIP trunk saved."];

    /// <summary>A trial has no trunks: its form is not shown, and a save goes back to the list saying why.</summary>
    protected override string? WhyNotAllowed(TenantCaller caller) => TrunkChanges.WhyNotAllowed(caller, Text);

    protected override async Task<object> ListPageAsync(TenantCaller caller, string? error, CancellationToken ct) => await pages.ListAsync(caller, error, ct);

    protected override async Task<object?> EditPageAsync(TenantCaller caller, Guid? id, TrunkForm? posted, CancellationToken ct) => await pages.EditAsync(caller, id, posted, ct);

    protected override Task<FormResult> SaveChangeAsync(TenantCaller caller, Guid? id, TrunkForm form, CancellationToken ct) => changes.SaveAsync(caller, id, form, ct);

    protected override Task<FormResult> DeleteChangeAsync(TenantCaller caller, Guid id, CancellationToken ct) => changes.DeleteAsync(caller, id, ct);
}
