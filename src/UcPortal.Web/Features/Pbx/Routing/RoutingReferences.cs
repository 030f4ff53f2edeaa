using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>What still sends calls to an extension, ring group or trunk. Deleting it while something
/// points at it would leave calls going nowhere without anyone having decided so.</summary>
public static class RoutingReferences
{
    public static async Task<List<string>> FindAsync(PortalDbContext db, Guid tenantId, DestinationKind kind, string target, Guid? extensionId, CancellationToken ct)
    {
        var found = new List<string>();
        var forwarding = await db.Extensions.AsNoTracking()
            .Where(e => e.TenantId == tenantId && (
                (e.ForwardAlways.Kind == kind && e.ForwardAlways.Target == target) ||
                (e.ForwardBusy.Kind == kind && e.ForwardBusy.Target == target) ||
                (e.ForwardNoAnswer.Kind == kind && e.ForwardNoAnswer.Target == target) ||
                (e.ForwardUnregistered.Kind == kind && e.ForwardUnregistered.Target == target)))
            .Where(e => e.Id != extensionId)
            .OrderBy(e => e.Number).Select(e => e.Number).ToListAsync(ct);
        found.AddRange(forwarding.Select(n => $"the forwarding of extension {n}"));

        var groups = await db.RingGroups.AsNoTracking()
            .Where(g => g.TenantId == tenantId && ((g.NoAnswerDestination.Kind == kind && g.NoAnswerDestination.Target == target)
                || (extensionId != null && g.Members.Any(m => m.ExtensionId == extensionId))))
            .OrderBy(g => g.Number).Select(g => new { g.Number, g.Name }).ToListAsync(ct);
        found.AddRange(groups.Select(g => $"ring group {g.Number} ({g.Name})"));

        var routes = await db.NumberRoutes.AsNoTracking()
            .Where(r => r.TenantId == tenantId && ((r.OpenDestination.Kind == kind && r.OpenDestination.Target == target)
                || (r.ClosedDestination.Kind == kind && r.ClosedDestination.Target == target)
                || (r.FailoverDestination.Kind == kind && r.FailoverDestination.Target == target)))
            .Select(r => r.PhoneNumber!.E164).ToListAsync(ct);
        found.AddRange(routes.OrderBy(n => n).Select(n => $"number {PhoneDisplay.Format(n)}"));

        // Auto attendants keep their keys as text: compared here, there are few per tenant.
        var menus = await db.AutoAttendants.AsNoTracking().Where(a => a.TenantId == tenantId).OrderBy(a => a.Name).ToListAsync(ct);
        found.AddRange(menus
            .Where(a => a.KeyMap().Values.Append(a.TimeoutDestination).Append(a.InvalidDestination).Any(d => d.Kind == kind && d.Target == target))
            .Select(a => $"auto attendant {a.Name}"));
        return found;
    }

    public static string Refusal(string what, List<string> references) =>
        $"{what} can't be deleted while calls are sent to it by {string.Join(", ", references)}. Change those first.";
}
