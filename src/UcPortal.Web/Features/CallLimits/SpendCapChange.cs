using System.Globalization;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.CallLimits;

/// <summary>Staff set a tenant's own daily spending cap (or give it back its plan's): written to its history,
/// and the SIP core gets the new balance at once (a PBX change).</summary>
public sealed class SpendCapChange(PortalDbContext db, PortalUnitOfWork unitOfWork, IOptions<CallLimitsOptions> options, StaffAudit audit)
{
    public const string Field = "dailyCap";

    /// <param name="dollars">The new cap in the plan's currency units (e.g. "150" or "150.50"); empty = the plan's cap.</param>
    public async Task<FormResult> SetAsync(Guid tenantId, string? dollars, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.Include(t => t.Plan).SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        int? cents = null;
        if (!string.IsNullOrWhiteSpace(dollars))
        {
            var max = options.Value.MaxDailySpendCapCents;
            if (!decimal.TryParse(dollars.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount <= 0 || amount * 100 > max || decimal.Round(amount, 2) != amount)
            {
                return FormResult.Refused(Field, $"Enter an amount between 0.01 and {max / 100m:0.00}, or leave it empty for the plan's cap.");
            }
            cents = (int)(amount * 100);
        }
        if (tenant.DailySpendCapCents == cents)
        {
            return FormResult.Ok("The daily spending cap was already that.");
        }
        tenant.DailySpendCapCents = cents;
        var plan = tenant.Plan!.DailySpendCapCents;
        var words = cents is { } c
            ? $"Daily spending cap set to {c / 100m:0.00} {tenant.Plan.Currency} (plan: {Describe(plan, tenant.Plan.Currency)})"
            : $"Daily spending cap back to the plan's: {Describe(plan, tenant.Plan.Currency)}";
        unitOfWork.AddEvent(tenant.Id, "spend-cap", words, cause);
        unitOfWork.RecordPbxChange(tenant.Id, words, cause);
        audit.Record(AuditActions.TenantSpendCap, tenant.Id, tenant.Name, words);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(words + ".");
    }

    public static string Describe(int cents, string currency) => cents > 0 ? $"{cents / 100m:0.00} {currency}" : "no cap";
}
