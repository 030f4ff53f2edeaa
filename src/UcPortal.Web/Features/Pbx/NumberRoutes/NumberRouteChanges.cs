using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.NumberRoutes;

public sealed class NumberRouteForm
{
    /// <summary>Empty: always open.</summary>
    public Guid? ScheduleId { get; set; }
    public DestinationInput Open { get; set; } = new();
    public DestinationInput Closed { get; set; } = new();

    /// <summary>Where calls go when the number's trunk or PBX is down (decision 034); empty: nowhere, the caller hears the error.</summary>
    public DestinationInput Failover { get; set; } = new();

    /// <summary>Where the number is used (street, city, postcode), sent with emergency calls presenting it.</summary>
    public string? EmergencyAddress { get; set; }
}

/// <summary>Where calls to one of the tenant's numbers go, in open and in closed hours.</summary>
public sealed class NumberRouteChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
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
            result.Errors[nameof(form.ScheduleId)] = text["Choose one of your business hours, or always open."];
        }
        var catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct);
        catalog.Text = text;
        var open = catalog.Resolve(form.Open, allowTrunks: true, out var openError, allowMenus: true);
        if (openError is not null)
        {
            result.Errors[nameof(form.Open)] = openError;
        }
        else if (open is { IsSet: false })
        {
            result.Errors[nameof(form.Open)] = text["Choose where calls to this number go."];
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
        var failover = catalog.Resolve(form.Failover, allowTrunks: true, out var failoverError) ?? CallDestination.None;
        if (failoverError is not null)
        {
            result.Errors[nameof(form.Failover)] = failoverError;
        }
        else if (failover.IsSet && open is not null && FailoverProblem(open, closed, failover, text) is { } problem)
        {
            result.Errors[nameof(form.Failover)] = problem;
        }
        var address = EmergencyAddressOf(form.EmergencyAddress, out var addressError, text);
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
        var failoverChanged = route.FailoverDestination?.ToString() != failover.ToString();
        route.FailoverDestination = failover;
        var what = addressChanged ? (address is null ? "routing saved, emergency address removed" : "routing saved, emergency address set") : "routing changed";
        if (failoverChanged)
        {
            what += failover.IsSet ? $", failover to {catalog.Describe(failover)}" : ", failover removed";
        }
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Number {Numbers.PhoneDisplay.Format(number.E164)}: {what}", "", text["The change could not be saved. Please try again."], ct);
    }

    /// <summary>Why <paramref name="failover"/> cannot be this number's failover, or null. It applies only to calls the
    /// number sends to a SIP trunk (the SIP core knows when a trunk is down; extensions have their own forwarding), and it
    /// must be somewhere else than where the calls went first.</summary>
    public static string? FailoverProblem(CallDestination open, CallDestination closed, CallDestination failover, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        if (open.Kind != DestinationKind.Trunk && closed.Kind != DestinationKind.Trunk)
        {
            return Localisation.PortalText.Say(t, "A failover is used only when calls go to a SIP trunk or your own PBX. Calls to an extension or a ring group use their own forwarding: choose “Nobody” here.");
        }
        if (failover.ToString() == open.ToString() || failover.ToString() == closed.ToString())
        {
            return Localisation.PortalText.Say(t, "The failover must be somewhere else than the trunk the calls go to first: another trunk, an extension, a ring group or an outside number.");
        }
        return null;
    }

    /// <summary>One line of 10 to 255 characters with a house number and a place; empty = no address.
    /// Line breaks become ", " (the SIP core sends it as one header line).</summary>
    public static string? EmergencyAddressOf(string? text, out string? error, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
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
            error = Localisation.PortalText.Say(t, "Enter the full street address where this number is used, e.g. 10 Downing Street, London SW1A 2AA (10 to 255 characters, with the house number).");
            return null;
        }
        return address;
    }
}
