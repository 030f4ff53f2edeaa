using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.RingGroups;

public sealed class RingGroupListPage
{
    public required TenantCaller Caller { get; init; }
    public required List<RingGroup> Groups { get; init; }
    public required DestinationCatalog Catalog { get; init; }
    public string? Error { get; init; }
}

public sealed class RingGroupEditPage
{
    public required TenantCaller Caller { get; init; }
    public Guid? Id { get; init; }
    public required RingGroupForm Form { get; init; }
    public required DestinationCatalog Catalog { get; init; }
}

public sealed class RingGroupPages(PortalDbContext db)
{
    public async Task<RingGroupListPage> ListAsync(TenantCaller caller, string? error, CancellationToken ct) => new()
    {
        Caller = caller,
        Groups = await db.RingGroups.AsNoTracking().Include(g => g.Members).ThenInclude(m => m.Extension)
            .Where(g => g.TenantId == caller.TenantId).OrderBy(g => g.Number).ToListAsync(ct),
        Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
        Error = error,
    };

    public async Task<RingGroupEditPage?> EditAsync(TenantCaller caller, Guid? id, RingGroupForm? posted, CancellationToken ct)
    {
        RingGroupForm? form = posted;
        if (id is not null)
        {
            var group = await db.RingGroups.AsNoTracking().Include(g => g.Members).ThenInclude(m => m.Extension)
                .SingleOrDefaultAsync(g => g.Id == id && g.TenantId == caller.TenantId, ct);
            if (group is null)
            {
                return null;
            }
            form ??= RingGroupForm.From(group);
        }
        return new RingGroupEditPage
        {
            Caller = caller,
            Id = id,
            Form = form ?? new RingGroupForm(),
            Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
        };
    }
}
