using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.RingGroups;

/// <summary>Ring groups (owners and admins): one number that rings several extensions.</summary>
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
[Route("pbx/ring-groups")]
public sealed class RingGroupsController(CurrentTenant current, RingGroupPages pages, RingGroupChanges changes)
    : PbxEditorController<RingGroupForm>(current, "/pbx/ring-groups", "/Features/Pbx/RingGroups/Views/")
{
    protected override string DeletedMessage => Text["Ring group deleted."];

    protected override string SavedMessage(RingGroupForm form) => Text["Ring group {0} saved.", form.Number.Trim()];

    protected override async Task<object> ListPageAsync(TenantCaller caller, string? error, CancellationToken ct) => await pages.ListAsync(caller, error, ct);

    protected override async Task<object?> EditPageAsync(TenantCaller caller, Guid? id, RingGroupForm? posted, CancellationToken ct) => await pages.EditAsync(caller, id, posted, ct);

    protected override Task<FormResult> SaveChangeAsync(TenantCaller caller, Guid? id, RingGroupForm form, CancellationToken ct) => changes.SaveAsync(caller, id, form, ct);

    protected override Task<FormResult> DeleteChangeAsync(TenantCaller caller, Guid id, CancellationToken ct) => changes.DeleteAsync(caller, id, ct);
}
