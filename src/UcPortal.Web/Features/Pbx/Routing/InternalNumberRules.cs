using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>Extension and ring-group numbers: digits only, inside the plan's range, and one number
/// names one thing of the tenant (a group and an extension cannot share a number, or a dialled
/// number would be ambiguous).</summary>
public static class InternalNumberRules
{
    public static async Task<string?> CheckAsync(PortalDbContext db, TenantCaller caller, string? number, Guid? exceptExtension, Guid? exceptGroup, CancellationToken ct, IStringLocalizer? t = null)
    {
        number = number?.Trim() ?? "";
        if (number.Length == 0)
        {
            return PortalText.Say(t, "Enter a number.");
        }
        if (number.Length > 6 || !number.All(char.IsAsciiDigit) || number[0] == '0')
        {
            return PortalText.Say(t, "Use digits only, from {0} to {1}.", caller.Plan.ExtensionNumberMin, caller.Plan.ExtensionNumberMax);
        }
        // An emergency number dialled from a phone must reach emergency services, never an extension
        // (decision 012): the country's numbers and the universal 112, 911, 999, 000 and 111.
        if (Sync.EmergencyNumbers.IsReserved(number, caller.Tenant.Country)
            // A national number a tenant already had (BE's 101 is a trial's extension) may stay; decision 012.
            && !await db.Extensions.AnyAsync(e => e.Id == exceptExtension && e.Number == number, ct)
            && !await db.RingGroups.AnyAsync(g => g.Id == exceptGroup && g.Number == number, ct))
        {
            return PortalText.Say(t, "{0} is an emergency number and can't be an extension or ring group number.", number);
        }
        var value = int.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        if (value < caller.Plan.ExtensionNumberMin || value > caller.Plan.ExtensionNumberMax)
        {
            return PortalText.Say(t, "Your plan ({0}) uses numbers from {1} to {2}.", caller.Plan.Name, caller.Plan.ExtensionNumberMin, caller.Plan.ExtensionNumberMax);
        }
        var extension = await db.Extensions.AsNoTracking().Where(e => e.TenantId == caller.TenantId && e.Number == number && e.Id != exceptExtension).Select(e => e.Name).FirstOrDefaultAsync(ct);
        if (extension is not null)
        {
            return PortalText.Say(t, "{0} is already extension {0} ({1}).", number, extension);
        }
        var group = await db.RingGroups.AsNoTracking().Where(g => g.TenantId == caller.TenantId && g.Number == number && g.Id != exceptGroup).Select(g => g.Name).FirstOrDefaultAsync(ct);
        return group is null ? null : PortalText.Say(t, "{0} is already ring group {0} ({1}).", number, group);
    }
}
