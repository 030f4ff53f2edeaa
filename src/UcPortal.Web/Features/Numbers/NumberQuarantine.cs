using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Numbers;

/// <summary>The quarantine's settings. They sit with the lifecycle's in configuration
/// (Lifecycle:QuarantineDays, Lifecycle:BatchSize) because the quarantine is the ladder's last step.</summary>
public sealed class QuarantineOptions
{
    /// <summary>Released numbers wait this long before another customer can get them, so the
    /// previous owner's callers don't reach the new one.</summary>
    public int QuarantineDays { get; set; } = 30;
    /// <summary>Numbers returned to their pool per database round trip.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>Takes numbers away from their tenant (a released account, or one number given back) into
/// quarantine; <see cref="NumberQuarantineJob"/> returns them to their pool when it ends.</summary>
public sealed class NumberQuarantine(TimeProvider clock, IOptions<QuarantineOptions> options)
{
    /// <summary>Stages the numbers' quarantine in the caller's unit of work. Returns when it ends.</summary>
    public DateTime Quarantine(IEnumerable<PhoneNumber> numbers)
    {
        var quarantineUntil = clock.GetUtcNow().UtcDateTime.AddDays(options.Value.QuarantineDays);
        foreach (var number in numbers)
        {
            number.Status = NumberStatus.Quarantined;
            number.QuarantinedUntilUtc = quarantineUntil;
            number.TenantId = null;
            number.AssignedAtUtc = null;
            // Where the previous owner used the number says nothing about the next one.
            number.EmergencyAddress = null;
        }
        return quarantineUntil;
    }
}
