using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx;

/// <summary>The steps every PBX settings page repeats: show the list or the form, save (a refusal shows
/// the form again, 422, with each message next to its field), delete (the list says what happened).
/// A controller supplies only its handlers, views and messages. Who may use the pages is the tenant
/// policies' business: members pass this class's policy, and every controller but the extensions'
/// (where members change their own forwarding) adds AuthorizationPolicies.TenantManager.</summary>
[Authorize(Policy = AuthorizationPolicies.TenantMember)]
public abstract class PbxController(CurrentTenant current, string listUrl, string viewFolder) : Controller
{
    /// <summary>The feature's list, e.g. /pbx/ring-groups: saves and deletes go back there.</summary>
    protected string ListUrl => listUrl;

    /// <summary>The feature's views, next to its controller.</summary>
    protected string ViewFolder => viewFolder;

    /// <summary>Why the caller's plan does not include the feature at all; then the form is not shown
    /// and a save goes back to the list with this message.</summary>
    protected virtual string? WhyNotAllowed(TenantCaller caller) => null;

    /// <summary>The messages the pages show (saved, deleted), in the reader's language.</summary>
    protected Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> Text =>
        HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();

    /// <summary>The signed-in customer; the policy made sure there is one.</summary>
    protected async Task<TenantCaller> CallerAsync(CancellationToken ct) => (await current.GetAsync(ct))!;

    protected async Task<IActionResult> ListAsync<TPage>(Func<TenantCaller, string?, CancellationToken, Task<TPage>> load, CancellationToken ct) =>
        View(viewFolder + "Index.cshtml", await load(await CallerAsync(ct), TempData["PbxError"] as string, ct));

    /// <summary>The edit form; an id of another tenant (or, for a member, not theirs) is a 404.</summary>
    protected async Task<IActionResult> EditAsync<TPage>(Func<TenantCaller, CancellationToken, Task<TPage?>> load, CancellationToken ct)
        where TPage : class => await ShowFormAsync(await CallerAsync(ct), load, ct);

    /// <param name="save">The handler's change.</param>
    /// <param name="reload">The form again, with what was posted, when the change is refused.</param>
    /// <param name="saved">The message on the list; asked for only once the change is saved (the form is valid then).</param>
    protected async Task<IActionResult> SaveAsync<TPage>(Func<TenantCaller, CancellationToken, Task<FormResult>> save, Func<TenantCaller, CancellationToken, Task<TPage?>> reload, Func<string> saved, CancellationToken ct)
        where TPage : class
    {
        var caller = await CallerAsync(ct);
        var result = await save(caller, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Info"] = saved();
            return Redirect(listUrl);
        }
        if (WhyNotAllowed(caller) is { } why)
        {
            TempData["PbxError"] = why;
            return Redirect(listUrl);
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await ShowFormAsync(caller, reload, ct);
    }

    /// <summary>A refusal (something still sends calls there) is shown on the list.</summary>
    protected async Task<IActionResult> DeleteAsync(Func<TenantCaller, CancellationToken, Task<FormResult>> delete, string deleted, CancellationToken ct)
    {
        var result = await delete(await CallerAsync(ct), ct);
        return this.RedirectWith(result.Succeeded ? FormResult.Ok(deleted) : result, listUrl, "Info", "PbxError");
    }

    private async Task<IActionResult> ShowFormAsync<TPage>(TenantCaller caller, Func<TenantCaller, CancellationToken, Task<TPage?>> load, CancellationToken ct)
        where TPage : class
    {
        var page = await load(caller, ct);
        if (page is null)
        {
            return NotFound();
        }
        if (WhyNotAllowed(caller) is not null)
        {
            return Redirect(listUrl);
        }
        return View(viewFolder + "Edit.cshtml", page);
    }
}

/// <summary>The whole list / new / edit / save / delete flow for a feature whose new and existing
/// items share one form and one Edit view (ring groups, business hours, SIP trunks).</summary>
public abstract class PbxEditorController<TForm>(CurrentTenant current, string listUrl, string viewFolder)
    : PbxController(current, listUrl, viewFolder)
    where TForm : class
{
    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken ct) => ListAsync(ListPageAsync, ct);

    [HttpGet("new")]
    public Task<IActionResult> New(CancellationToken ct) => EditAsync((caller, t) => EditPageAsync(caller, null, null, t), ct);

    [HttpGet("{id:guid}")]
    public Task<IActionResult> Edit(Guid id, CancellationToken ct) => EditAsync((caller, t) => EditPageAsync(caller, id, null, t), ct);

    [HttpPost("")]
    public Task<IActionResult> Add(TForm form, CancellationToken ct) => SaveFormAsync(null, form, ct);

    [HttpPost("{id:guid}")]
    public Task<IActionResult> Update(Guid id, TForm form, CancellationToken ct) => SaveFormAsync(id, form, ct);

    [HttpPost("{id:guid}/delete")]
    public Task<IActionResult> Delete(Guid id, CancellationToken ct) => DeleteAsync((caller, t) => DeleteChangeAsync(caller, id, t), DeletedMessage, ct);

    protected abstract Task<object> ListPageAsync(TenantCaller caller, string? error, CancellationToken ct);

    /// <summary>The form of a new item (id null) or an existing one; null when the id is not the tenant's.</summary>
    protected abstract Task<object?> EditPageAsync(TenantCaller caller, Guid? id, TForm? posted, CancellationToken ct);

    protected abstract Task<FormResult> SaveChangeAsync(TenantCaller caller, Guid? id, TForm form, CancellationToken ct);

    protected abstract Task<FormResult> DeleteChangeAsync(TenantCaller caller, Guid id, CancellationToken ct);

    protected abstract string SavedMessage(TForm form);

    protected abstract string DeletedMessage { get; }

    private Task<IActionResult> SaveFormAsync(Guid? id, TForm form, CancellationToken ct) =>
        SaveAsync((caller, t) => SaveChangeAsync(caller, id, form, t), (caller, t) => EditPageAsync(caller, id, form, t), () => SavedMessage(form), ct);
}
