namespace UcPortal.Web.Features.Usage;

public sealed class CallRateForm
{
    public string? Prefix { get; set; }
    public string? Description { get; set; }

    /// <summary>Per-minute price in currency units, e.g. "0.012".</summary>
    public string? PricePerMinute { get; set; }
}

/// <summary>Staff edit the rate table (/admin/rates): a prefix of 1 to 15 digits, unique, a price of
/// 0 to 100 per minute with at most six decimals. New prices rate calls imported from then on;
/// calls already rated keep their price.</summary>
public sealed class CallRateChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> AddAsync(CallRateForm form, CancellationToken ct)
    {
        var rate = new CallRate();
        var refused = await ApplyAsync(rate, form, ct);
        if (refused is not null)
        {
            return refused;
        }
        db.CallRates.Add(rate);
        audit.Record(AuditActions.RateAdded, target: "+" + rate.Prefix, detail: Describe(rate));
        var committed = await unitOfWork.CommitFormAsync("Prefix", $"+{rate.Prefix} already has a rate.", ct);
        return committed.Succeeded ? FormResult.Ok($"Rate for +{rate.Prefix} added.") : committed;
    }

    public async Task<FormResult> UpdateAsync(int id, CallRateForm form, CancellationToken ct)
    {
        var rate = await db.CallRates.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rate is null)
        {
            return FormResult.Missing();
        }
        var refused = await ApplyAsync(rate, form, ct);
        if (refused is not null)
        {
            return refused;
        }
        audit.Record(AuditActions.RateChanged, target: "+" + rate.Prefix, detail: Describe(rate));
        var committed = await unitOfWork.CommitFormAsync("Prefix", $"+{rate.Prefix} already has a rate.", ct);
        return committed.Succeeded ? FormResult.Ok($"Rate for +{rate.Prefix} saved.") : committed;
    }

    public async Task<FormResult> DeleteAsync(int id, CancellationToken ct)
    {
        var rate = await db.CallRates.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rate is null)
        {
            return FormResult.Missing();
        }
        db.CallRates.Remove(rate);
        audit.Record(AuditActions.RateDeleted, target: "+" + rate.Prefix, detail: Describe(rate));
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"Rate for +{rate.Prefix} deleted: its calls now take the next shorter prefix's price.");
    }

    private static string Describe(CallRate rate) => $"{rate.Description}: {CallRates.Format(rate.PricePerMinuteMicros)} a minute";

    private async Task<FormResult?> ApplyAsync(CallRate rate, CallRateForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var prefix = new string((form.Prefix ?? "").Trim().TrimStart('+').Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (prefix.Length is 0 or > 15 || !prefix.All(char.IsAsciiDigit))
        {
            errors["Prefix"] = "Enter 1 to 15 digits of the international number, e.g. 44 or 1876.";
        }
        else if (prefix[0] == '0')
        {
            errors["Prefix"] = "International numbers never start with 0: use the country code, e.g. 44.";
        }
        else if (await db.CallRates.AnyAsync(r => r.Prefix == prefix && r.Id != rate.Id, ct))
        {
            errors["Prefix"] = $"+{prefix} already has a rate.";
        }
        var description = form.Description?.Trim() ?? "";
        if (description.Length is 0 or > 100)
        {
            errors["Description"] = "Describe the destination in 1 to 100 characters, e.g. United Kingdom mobile.";
        }
        if (!CallRates.TryParse(form.PricePerMinute, out var micros))
        {
            errors["PricePerMinute"] = "Enter a price per minute from 0 to 100, e.g. 0.012 (at most six decimals).";
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors);
        }
        rate.Prefix = prefix;
        rate.Description = description;
        rate.PricePerMinuteMicros = micros;
        return null;
    }
}
