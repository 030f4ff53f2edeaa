namespace UcPortal.Pbx;

/// <summary>One finished call as the SIP core accounted it.</summary>
/// <param name="SourceId">The SIP core's own record id, increasing; imports resume after the highest one seen.</param>
/// <param name="Domain">The tenant's SIP domain the call belongs to.</param>
/// <param name="Direction">"internal", "inbound" (from the carrier to a tenant number) or "outbound" (to the carrier).</param>
/// <param name="Disposition">"answered", "busy", "no-answer", "failed", "cancelled".</param>
public sealed record SipCallRecord(
    long SourceId,
    string CallId,
    string Domain,
    string Direction,
    string FromNumber,
    string ToNumber,
    DateTime StartedAtUtc,
    int DurationSeconds,
    string Disposition);

/// <summary>Reads call records from the SIP core's accounting, oldest first.</summary>
public interface ICallRecordSource
{
    Task<IReadOnlyList<SipCallRecord>> ReadAfterAsync(long lastSourceId, int max, CancellationToken ct);
}

/// <summary>The embedded default: no SIP core, no calls.</summary>
public sealed class NoCallRecords : ICallRecordSource
{
    public Task<IReadOnlyList<SipCallRecord>> ReadAfterAsync(long lastSourceId, int max, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SipCallRecord>>([]);
}
