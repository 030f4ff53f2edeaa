using Npgsql;

namespace UcPortal.Pbx;

/// <summary>Reads finished calls from Kamailio's <c>acc</c> table. kamailio.cfg accounts the INVITE's
/// final answer and the BYE of each call, both tagged with the tenant, the caller and the callee;
/// a call is the answered INVITE row (its id is the record id) and its duration runs to the BYE. A call
/// no phone hung up, which the SIP core ended itself (its credit or spending cap, or the maximum
/// duration), has no BYE row: its dialog's CDR (<c>acc_cdrs</c>) says when it was ended, and it is
/// billed to that moment. Times are Kamailio's local time: run Kamailio with TZ=UTC (deploy/kamailio/README.md).</summary>
public sealed class KamailioCallRecordSource(string connectionString, TimeProvider clock) : ICallRecordSource
{
    /// <summary>A call with no BYE after this long is taken as ended (a lost BYE; dialogs time out too).</summary>
    public static readonly TimeSpan LostByeAfter = TimeSpan.FromHours(4);

    public async Task<CallRecordPage> ReadAfterAsync(long position, int max, CancellationToken ct)
    {
        const string sql = """
            SELECT i.id, i.callid, i.tenant, i.src_user, i.dst_user, i.dst_kind, i.time,
                   (SELECT min(b.time) FROM acc b WHERE b.callid = i.callid AND b.method = 'BYE') AS ended,
                   EXISTS (SELECT 1 FROM subscriber s WHERE s.username = i.src_user AND s.domain = i.tenant) AS from_extension,
                   (SELECT min(c.end_time) FROM acc_cdrs c WHERE c.callid = i.callid) AS dialog_ended,
                   coalesce(i.src_trunk, '') <> '' AS from_trunk
            FROM acc i
            WHERE i.method = 'INVITE' AND i.sip_code = '200' AND i.tenant <> '' AND i.id > @last
            ORDER BY i.id
            LIMIT @max
            """;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("last", position);
        cmd.Parameters.AddWithValue("max", max);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var records = new List<SipCallRecord>();
        long? lastScanned = null, firstUnfinished = null;
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt32(0);
            lastScanned = id;
            var started = DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc);
            DateTime? ended = reader.IsDBNull(7) ? null : DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc);
            var endedBySipCore = false;
            if (ended is null && !reader.IsDBNull(9))
            {
                ended = DateTime.SpecifyKind(reader.GetDateTime(9), DateTimeKind.Utc);
                endedBySipCore = true;
            }
            if (ended is null && now - started < LostByeAfter)
            {
                // Still talking: skipped for now; the caller resumes before it next time.
                firstUnfinished ??= id;
                continue;
            }
            var dstKind = reader.GetString(5);
            var fromExtension = reader.GetBoolean(8);
            var fromTrunk = reader.GetBoolean(10);
            // Emergency calls are their own kind (never billed); a customer's trunk calling out
            // through the carrier is outbound like a phone; a call into a trunk from the carrier is inbound.
            var direction = dstKind == "emergency" ? "emergency"
                : dstKind == "external" && (fromExtension || fromTrunk) ? "outbound"
                : dstKind == "trunk" && fromExtension ? "outbound"
                : fromExtension || fromTrunk ? "internal"
                : "inbound";
            records.Add(new SipCallRecord(
                id, reader.GetString(1), reader.GetString(2), direction,
                reader.GetString(3), reader.GetString(4), started,
                ended is { } e ? Math.Max(0, (int)Math.Round((e - started).TotalSeconds)) : 0,
                ended is null ? "ended-without-bye" : endedBySipCore ? "ended-by-sip-core" : "answered"));
        }
        return new CallRecordPage(records, lastScanned, firstUnfinished);
    }
}
