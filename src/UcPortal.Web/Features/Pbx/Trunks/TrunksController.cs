using Microsoft.AspNetCore.Mvc;
using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Pbx.Trunks;

/// <summary>SIP trunks to the customer's own PBX (owners and admins of paid plans that include them).</summary>
[Route("pbx/trunks")]
public sealed class TrunksController(PbxAccess access, TrunkPages pages, TrunkChanges changes)
    : PbxEditorController<TrunkForm>(access, "/pbx/trunks", "/Features/Pbx/Trunks/Views/")
{
    /// <summary>Registration credentials, as a POST so they never land in a URL or a log.</summary>
    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> Reveal(Guid id, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        var revealed = caller is null || !caller.CanManage ? null : await pages.RevealAsync(caller, id, ct);
        return revealed is null ? NotFound() : PartialView(ViewFolder + "_RevealedCredentials.cshtml", revealed.Value);
    }

    protected override string DeletedMessage => "SIP trunk deleted.";

    protected override string SavedMessage(TrunkForm form) => form.AuthMode == TrunkAuthMode.Registration
        ? "SIP trunk saved. Reveal its username and password below to enter them in your PBX."
        : "SIP trunk saved.";

    /// <summary>A trial has no trunks: its form is not shown, and a save goes back to the list saying why.</summary>
    protected override string? WhyNotAllowed(PbxCaller caller) => TrunkChanges.WhyNotAllowed(caller);

    protected override async Task<object> ListPageAsync(PbxCaller caller, string? error, CancellationToken ct) => await pages.ListAsync(caller, error, ct);

    protected override async Task<object?> EditPageAsync(PbxCaller caller, Guid? id, TrunkForm? posted, CancellationToken ct) => await pages.EditAsync(caller, id, posted, ct);

    protected override Task<FormResult> SaveChangeAsync(PbxCaller caller, Guid? id, TrunkForm form, CancellationToken ct) => changes.SaveAsync(caller, id, form, ct);

    protected override Task<FormResult> DeleteChangeAsync(PbxCaller caller, Guid id, CancellationToken ct) => changes.DeleteAsync(caller, id, ct);
}
