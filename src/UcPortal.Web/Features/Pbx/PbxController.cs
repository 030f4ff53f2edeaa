using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx;

/// <summary>The steps every PBX settings page repeats: find the signed-in customer, turn away who may
/// not use the page, show the list or the form, save (a refusal shows the form again, 422, with each
/// message next to its field), delete (the list says what happened). A controller supplies only its
/// handlers, views and messages.</summary>
public abstract class PbxController(PbxAccess access, string listUrl, string viewFolder) : Controller
{
    /// <summary>The feature's list, e.g. /pbx/ring-groups: saves and deletes go back there.</summary>
    protected string ListUrl => listUrl;

    /// <summary>The feature's views, next to its controller.</summary>
    protected string ViewFolder => viewFolder;

    /// <summary>Who may see the list and use the edit form. Owners and admins; a controller whose
    /// handlers limit members to their own things (extensions) lets members in too.</summary>
    protected virtual bool MayEdit(PbxCaller caller) => caller.CanManage;

    /// <summary>Why the caller's plan does not include the feature at all; then the form is not shown
    /// and a save goes back to the list with this message.</summary>
    protected virtual string? WhyNotAllowed(PbxCaller caller) => null;

    protected Task<PbxCaller?> CallerAsync(CancellationToken ct) => access.GetAsync(ct);

    protected async Task<IActionResult> ListAsync<TPage>(Func<PbxCaller, string?, CancellationToken, Task<TPage>> load, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !MayEdit(caller))
        {
            return caller is null ? Redirect("/dashboard") : Forbid();
        }
        return View(viewFolder + "Index.cshtml", await load(caller, TempData["PbxError"] as string, ct));
    }

    /// <summary>The edit form; an id of another tenant (or, for a member, not theirs) is a 404.</summary>
    protected async Task<IActionResult> EditAsync<TPage>(Func<PbxCaller, CancellationToken, Task<TPage?>> load, CancellationToken ct)
        where TPage : class
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !MayEdit(caller))
        {
            return NotFound();
        }
        return await ShowFormAsync(caller, load, ct);
    }

    /// <param name="save">The handler's change.</param>
    /// <param name="reload">The form again, with what was posted, when the change is refused.</param>
    /// <param name="saved">The message on the list; asked for only once the change is saved (the form is valid then).</param>
    protected async Task<IActionResult> SaveAsync<TPage>(Func<PbxCaller, CancellationToken, Task<FormResult>> save, Func<PbxCaller, CancellationToken, Task<TPage?>> reload, Func<string> saved, CancellationToken ct)
        where TPage : class
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !MayEdit(caller))
        {
            return NotFound();
        }
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

    /// <summary>Owners and admins only, for every feature; a refusal (something still sends calls
    /// there) is shown on the list.</summary>
    protected async Task<IActionResult> DeleteAsync(Func<PbxCaller, CancellationToken, Task<FormResult>> delete, string deleted, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return NotFound();
        }
        var result = await delete(caller, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Info"] = deleted;
        }
        else
        {
            TempData["PbxError"] = result.Error;
        }
        return Redirect(listUrl);
    }

    private async Task<IActionResult> ShowFormAsync<TPage>(PbxCaller caller, Func<PbxCaller, CancellationToken, Task<TPage?>> load, CancellationToken ct)
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
public abstract class PbxEditorController<TForm>(PbxAccess access, string listUrl, string viewFolder)
    : PbxController(access, listUrl, viewFolder)
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

    protected abstract Task<object> ListPageAsync(PbxCaller caller, string? error, CancellationToken ct);

    /// <summary>The form of a new item (id null) or an existing one; null when the id is not the tenant's.</summary>
    protected abstract Task<object?> EditPageAsync(PbxCaller caller, Guid? id, TForm? posted, CancellationToken ct);

    protected abstract Task<FormResult> SaveChangeAsync(PbxCaller caller, Guid? id, TForm form, CancellationToken ct);

    protected abstract Task<FormResult> DeleteChangeAsync(PbxCaller caller, Guid id, CancellationToken ct);

    protected abstract string SavedMessage(TForm form);

    protected abstract string DeletedMessage { get; }

    private Task<IActionResult> SaveFormAsync(Guid? id, TForm form, CancellationToken ct) =>
        SaveAsync((caller, t) => SaveChangeAsync(caller, id, form, t), (caller, t) => EditPageAsync(caller, id, form, t), () => SavedMessage(form), ct);
}
