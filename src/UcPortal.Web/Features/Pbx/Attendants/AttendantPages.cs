using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.Attendants;

public sealed class AttendantListPage
{
    public required TenantCaller Caller { get; init; }
    public required List<AutoAttendant> Menus { get; init; }
    public required DestinationCatalog Catalog { get; init; }

    /// <summary>Numbers whose calls reach each menu (open or closed hours).</summary>
    public required Dictionary<string, List<string>> NumbersByMenu { get; init; }
    public string? Error { get; init; }
}

public sealed class AttendantEditPage
{
    public required TenantCaller Caller { get; init; }
    public Guid? Id { get; init; }
    public required AttendantForm Form { get; init; }
    public required DestinationCatalog Catalog { get; init; }
}

public sealed class AttendantPages(PortalDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public async Task<AttendantListPage> ListAsync(TenantCaller caller, string? error, CancellationToken ct)
    {
        var routes = await db.NumberRoutes.AsNoTracking().Where(r => r.TenantId == caller.TenantId)
            .Select(r => new { r.PhoneNumber!.E164, r.OpenDestination, r.ClosedDestination }).ToListAsync(ct);
        var byMenu = new Dictionary<string, List<string>>();
        foreach (var r in routes)
        {
            foreach (var (d, when) in new[] { (r.OpenDestination, t["{0} (open)"].Value), (r.ClosedDestination, t["{0} (closed)"].Value) })
            {
                if (d.Kind == DestinationKind.Menu)
                {
                    (byMenu.TryGetValue(d.Target, out var l) ? l : byMenu[d.Target] = []).Add(string.Format(System.Globalization.CultureInfo.CurrentCulture, when, Numbers.PhoneDisplay.Format(r.E164)));
                }
            }
        }
        return new()
        {
            Caller = caller,
            Menus = await db.AutoAttendants.AsNoTracking().Where(a => a.TenantId == caller.TenantId).OrderBy(a => a.Name).ToListAsync(ct),
            Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
            NumbersByMenu = byMenu,
            Error = error,
        };
    }

    public async Task<AttendantEditPage?> EditAsync(TenantCaller caller, Guid? id, AttendantForm? posted, CancellationToken ct)
    {
        var form = posted;
        if (id is not null)
        {
            var menu = await db.AutoAttendants.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.TenantId == caller.TenantId, ct);
            if (menu is null)
            {
                return null;
            }
            form ??= AttendantForm.From(menu);
            form.HasUploadedPrompt = menu.PromptFile is not null;
        }
        // The suggested prompt in the reader's language: a Chinese text is spoken by the Mandarin voice (EngineAttendants).
        form ??= new AttendantForm { PromptText = t["Thank you for calling. For sales, press 1. For support, press 2."] };
        while (form.Keys.Count < AutoAttendant.Digits.Length)
        {
            form.Keys.Add(new DestinationInput());
        }
        return new AttendantEditPage { Caller = caller, Id = id, Form = form, Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct) };
    }
}
