using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.NumberRoutes;

public sealed class NumberRouteForm
{
    /// <summary>Empty: always open.</summary>
    public Guid? ScheduleId { get; set; }
    public DestinationInput Open { get; set; } = new();
    public DestinationInput Closed { get; set; } = new();

    /// <summary>Where the number is used (street, city, postcode), sent with emergency calls presenting it.</summary>
    public string? EmergencyAddress { get; set; }
}

/// <summary>Where calls to one of the tenant's numbers go, in open and in closed hours.</summary>
public sealed class NumberRouteChanges(PortalDbContext db, PortalUnitOfWork unitOfWork)
{
    public async Task<FormResult> SaveAsync(TenantCaller caller, int numberId, NumberRouteForm form, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Id == numberId && n.TenantId == caller.TenantId && n.Status == NumberStatus.Assigned, ct);
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
        var open = catalog.Resolve(form.Open, allowTrunks: true, out var openError, allowMenus: true);
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
            closed = catalog.Resolve(form.Closed, allowTrunks: true, out var closedError, allowMenus: true) ?? CallDestination.None;
            if (closedError is not null)
            {
                result.Errors[nameof(form.Closed)] = closedError;
            }
        }
        var address = EmergencyAddressOf(form.EmergencyAddress, out var addressError);
        if (addressError is not null)
        {
            result.Errors[nameof(form.EmergencyAddress)] = addressError;
        }
        if (!result.Succeeded)
        {
            return result;
        }
        var addressChanged = address != number.EmergencyAddress;
        number.EmergencyAddress = address;

        var route = await db.NumberRoutes.SingleOrDefaultAsync(r => r.PhoneNumberId == numberId, ct);
        if (route is null)
        {
            route = new NumberRoute { PhoneNumberId = numberId, TenantId = caller.TenantId };
            db.NumberRoutes.Add(route);
        }
        route.ScheduleId = form.ScheduleId;
        route.OpenDestination = open!;
        route.ClosedDestination = closed;
        var what = addressChanged ? (address is null ? "routing saved, emergency address removed" : "routing saved, emergency address set") : "routing changed";
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Number {Numbers.PhoneDisplay.Format(number.E164)}: {what}", "", "The change could not be saved. Please try again.", ct);
    }

    /// <summary>One line of 10 to 255 characters with a house number and a place; empty = no address.
    /// Line breaks become ", " (the SIP core sends it as one header line).</summary>
    public static string? EmergencyAddressOf(string? text, out string? error)
    {
        error = null;
        var lines = (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var address = string.Join(", ", lines.Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        if (address.Length == 0)
        {
            return null;
        }
        if (address.Any(char.IsControl) || address.Length is < 10 or > 255 || !address.Any(char.IsAsciiDigit) || address.Count(char.IsLetter) < 5)
        {
            error = "Enter the full street address where this number is used, e.g. 10 Downing Street, London SW1A 2AA (10 to 255 characters, with the house number).";
            return null;
        }
        return address;
    }
}
