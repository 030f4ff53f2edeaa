using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>What still sends calls to an extension, ring group or trunk. Deleting it while something
/// points at it would leave calls going nowhere without anyone having decided so.</summary>
public static class RoutingReferences
{
    public static async Task<List<string>> FindAsync(PortalDbContext db, Guid tenantId, DestinationKind kind, string target, Guid? extensionId, CancellationToken ct, IStringLocalizer? t = null, string? exceptGroup = null)
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
        found.AddRange(forwarding.Select(n => PortalText.Say(t, "the forwarding of extension {0}", n)));

        var groups = await db.RingGroups.AsNoTracking()
            .Where(g => g.TenantId == tenantId && ((g.NoAnswerDestination.Kind == kind && g.NoAnswerDestination.Target == target)
                || (extensionId != null && g.Members.Any(m => m.ExtensionId == extensionId))))
            .Where(g => g.Number != exceptGroup).OrderBy(g => g.Number).Select(g => new { g.Number, g.Name }).ToListAsync(ct);
        found.AddRange(groups.Select(g => PortalText.Say(t, "ring group {0} ({1})", g.Number, g.Name)));

        var routes = await db.NumberRoutes.AsNoTracking()
            .Where(r => r.TenantId == tenantId && ((r.OpenDestination.Kind == kind && r.OpenDestination.Target == target)
                || (r.ClosedDestination.Kind == kind && r.ClosedDestination.Target == target)
                || (r.FailoverDestination.Kind == kind && r.FailoverDestination.Target == target)))
            .Select(r => r.PhoneNumber!.E164).ToListAsync(ct);
        found.AddRange(routes.OrderBy(n => n).Select(n => PortalText.Say(t, "number {0}", PhoneDisplay.Format(n))));

        // Auto attendants keep their keys as text: compared here, there are few per tenant.
        var menus = await db.AutoAttendants.AsNoTracking().Where(a => a.TenantId == tenantId).OrderBy(a => a.Name).ToListAsync(ct);
        found.AddRange(menus
            .Where(a => a.KeyMap().Values.Append(a.TimeoutDestination).Append(a.InvalidDestination).Any(d => d.Kind == kind && d.Target == target))
            .Select(a => PortalText.Say(t, "auto attendant {0}", a.Name)));
        return found;
    }

    public static string Refusal(string what, List<string> references, IStringLocalizer? t = null) =>
        PortalText.Say(t, "{0} can't be deleted while calls are sent to it by {1}. Change those first.", what, string.Join(PortalText.Say(t, ", "), references));
}
