using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Attendants;

/// <summary>Auto attendants (owners and admins): a spoken menu whose keys send callers on (decision 026).</summary>
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
[Route("pbx/auto-attendants")]
public sealed class AttendantsController(CurrentTenant current, AttendantPages pages, AttendantChanges changes)
    : PbxEditorController<AttendantForm>(current, "/pbx/auto-attendants", "/Features/Pbx/Attendants/Views/")
{
    protected override string DeletedMessage => Text["Auto attendant deleted."];

    protected override string SavedMessage(AttendantForm form) => Text["Auto attendant {0} saved. Send a number to it on the Numbers page.", form.Name.Trim()];

    protected override async Task<object> ListPageAsync(TenantCaller caller, string? error, CancellationToken ct) => await pages.ListAsync(caller, error, ct);

    protected override async Task<object?> EditPageAsync(TenantCaller caller, Guid? id, AttendantForm? posted, CancellationToken ct) => await pages.EditAsync(caller, id, posted, ct);

    protected override Task<FormResult> SaveChangeAsync(TenantCaller caller, Guid? id, AttendantForm form, CancellationToken ct) => changes.SaveAsync(caller, id, form, ct);

    protected override Task<FormResult> DeleteChangeAsync(TenantCaller caller, Guid id, CancellationToken ct) => changes.DeleteAsync(caller, id, ct);
}
