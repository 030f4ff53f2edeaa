using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.NumberRoutes;

public sealed record NumberRow(PhoneNumber Number, NumberRoute? Route);

public sealed class NumberListPage
{
    public required List<NumberRow> Numbers { get; init; }
    public required DestinationCatalog Catalog { get; init; }
    public required Dictionary<Guid, string> ScheduleNames { get; init; }
    public string? FirstExtension { get; init; }
}

public sealed class NumberEditPage
{
    public required PhoneNumber Number { get; init; }
    public required NumberRouteForm Form { get; init; }
    public required DestinationCatalog Catalog { get; init; }
    public required List<Schedule> Schedules { get; init; }
}

public sealed class NumberRoutePages(PortalDbContext db)
{
    public async Task<NumberListPage> ListAsync(TenantCaller caller, CancellationToken ct)
    {
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == caller.TenantId && n.Status == NumberStatus.Assigned).OrderBy(n => n.E164).ToListAsync(ct);
        var routes = await db.NumberRoutes.AsNoTracking().Where(r => r.TenantId == caller.TenantId).ToDictionaryAsync(r => r.PhoneNumberId, ct);
        return new NumberListPage
        {
            Numbers = numbers.Select(n => new NumberRow(n, routes.GetValueOrDefault(n.Id))).ToList(),
            Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
            ScheduleNames = await db.Schedules.AsNoTracking().Where(s => s.TenantId == caller.TenantId).ToDictionaryAsync(s => s.Id, s => s.Name, ct),
            FirstExtension = await db.Extensions.Where(e => e.TenantId == caller.TenantId).OrderBy(e => e.Number).Select(e => e.Number).FirstOrDefaultAsync(ct),
        };
    }

    public async Task<NumberEditPage?> EditAsync(TenantCaller caller, int id, NumberRouteForm? posted, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.TenantId == caller.TenantId && n.Status == NumberStatus.Assigned, ct);
        if (number is null)
        {
            return null;
        }
        var route = await db.NumberRoutes.AsNoTracking().SingleOrDefaultAsync(r => r.PhoneNumberId == id, ct);
        var firstExtension = await db.Extensions.Where(e => e.TenantId == caller.TenantId).OrderBy(e => e.Number).Select(e => e.Number).FirstOrDefaultAsync(ct);
        return new NumberEditPage
        {
            Number = number,
            // A number nobody routed yet rings the first extension (as the sync does), so the form starts there.
            Form = posted ?? new NumberRouteForm
            {
                ScheduleId = route?.ScheduleId,
                Open = route is null ? new DestinationInput { Choice = firstExtension is null ? "" : "ext:" + firstExtension } : DestinationInput.From(route.OpenDestination),
                Closed = DestinationInput.From(route?.ClosedDestination),
                Failover = DestinationInput.From(route?.FailoverDestination),
                EmergencyAddress = number.EmergencyAddress,
            },
            Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
            Schedules = await db.Schedules.AsNoTracking().Where(s => s.TenantId == caller.TenantId).OrderBy(s => s.Name).ToListAsync(ct),
        };
    }
}
