using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.NumberRoutes;

public sealed class NumberRouteForm
{
    /// <summary>Empty: always open.</summary>
    public Guid? ScheduleId { get; set; }
    public DestinationInput Open { get; set; } = new();
    public DestinationInput Closed { get; set; } = new();
}

/// <summary>Where calls to one of the tenant's numbers go, in open and in closed hours.</summary>
public sealed class NumberRouteChanges(PortalDbContext db, PortalUnitOfWork unitOfWork)
{
    public async Task<FormResult> SaveAsync(TenantCaller caller, int numberId, NumberRouteForm form, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.AsNoTracking().SingleOrDefaultAsync(n => n.Id == numberId && n.TenantId == caller.TenantId && n.Status == NumberStatus.Assigned, ct);
        if (number is null)
        {
            return FormResult.Missing();
        }
        var result = new FormResult();
        if (form.ScheduleId is { } scheduleId && !await db.Schedules.AnyAsync(s => s.Id == scheduleId && s.TenantId == caller.TenantId, ct))
        {
            result.Errors[nameof(form.ScheduleId)] = "Choose one of your business hours, or always open.";
        }
        var catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct);
        var open = catalog.Resolve(form.Open, allowTrunks: true, out var openError);
        if (openError is not null)
        {
            result.Errors[nameof(form.Open)] = openError;
        }
        else if (open is { IsSet: false })
        {
            result.Errors[nameof(form.Open)] = "Choose where calls to this number go.";
        }
        var closed = CallDestination.None;
        if (form.ScheduleId is not null)
        {
            closed = catalog.Resolve(form.Closed, allowTrunks: true, out var closedError) ?? CallDestination.None;
            if (closedError is not null)
            {
                result.Errors[nameof(form.Closed)] = closedError;
            }
        }
        if (!result.Succeeded)
        {
            return result;
        }

        var route = await db.NumberRoutes.SingleOrDefaultAsync(r => r.PhoneNumberId == numberId, ct);
        if (route is null)
        {
            route = new NumberRoute { PhoneNumberId = numberId, TenantId = caller.TenantId };
            db.NumberRoutes.Add(route);
        }
        route.ScheduleId = form.ScheduleId;
        route.OpenDestination = open!;
        route.ClosedDestination = closed;
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Number {Numbers.PhoneDisplay.Format(number.E164)}: routing changed", "", "The change could not be saved. Please try again.", ct);
    }
}
