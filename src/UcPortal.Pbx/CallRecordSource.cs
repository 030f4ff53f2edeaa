namespace UcPortal.Pbx;

/// <summary>One finished call as the SIP core accounted it.</summary>
/// <param name="SourceId">The SIP core's own record id, increasing; imports resume after the highest one seen.</param>
/// <param name="Domain">The tenant's SIP domain the call belongs to.</param>
/// <param name="Direction">"internal", "inbound" (from the carrier to a tenant number), "outbound" (to the carrier,
/// from a phone or a customer's trunk) or "emergency".</param>
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

/// <summary>One page of call records after a position of the SIP core's accounting.</summary>
/// <param name="Records">The finished calls of the page, oldest first.</param>
/// <param name="LastScannedId">Where the next page starts (null: nothing was scanned, the end was reached).</param>
/// <param name="FirstUnfinishedId">The oldest call of the page still in progress: everything before it is final,
/// so an import may resume just before it next time without missing that call when it ends.</param>
public sealed record CallRecordPage(IReadOnlyList<SipCallRecord> Records, long? LastScannedId, long? FirstUnfinishedId);

/// <summary>Reads call records from the SIP core's accounting, oldest first.</summary>
public interface ICallRecordSource
{
    Task<CallRecordPage> ReadAfterAsync(long position, int max, CancellationToken ct);
}

/// <summary>The embedded default: no SIP core, no calls.</summary>
public sealed class NoCallRecords : ICallRecordSource
{
    public Task<CallRecordPage> ReadAfterAsync(long position, int max, CancellationToken ct) =>
        Task.FromResult(new CallRecordPage([], null, null));
}
