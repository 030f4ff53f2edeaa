using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Schedules;

/// <summary>Business hours (owners and admins), shared by any number of the tenant's numbers.</summary>
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
[Route("pbx/schedules")]
public sealed class SchedulesController(CurrentTenant current, SchedulePages pages, ScheduleChanges changes)
    : PbxEditorController<ScheduleForm>(current, "/pbx/schedules", "/Features/Pbx/Schedules/Views/")
{
    protected override string DeletedMessage => Text["Business hours deleted."];

    protected override string SavedMessage(ScheduleForm form) => Text["Business hours saved."];

    protected override async Task<object> ListPageAsync(TenantCaller caller, string? error, CancellationToken ct) => await pages.ListAsync(caller, error, ct);

    protected override async Task<object?> EditPageAsync(TenantCaller caller, Guid? id, ScheduleForm? posted, CancellationToken ct) => await pages.EditAsync(caller, id, posted, ct);

    protected override Task<FormResult> SaveChangeAsync(TenantCaller caller, Guid? id, ScheduleForm form, CancellationToken ct) => changes.SaveAsync(caller, id, form, ct);

    protected override Task<FormResult> DeleteChangeAsync(TenantCaller caller, Guid id, CancellationToken ct) => changes.DeleteAsync(caller, id, ct);
}
