using System.Globalization;
using System.Text.Json;

namespace UcPortal.Pbx;

/// <summary>A tenant whose outbound calls the SIP core blocked by itself because a fast fraud signal crossed
/// its threshold (kamailio.cfg route FRAUD_BLOCK): every call to the carrier is refused 403 until staff clear it.</summary>
/// <param name="Rule">"attempts" (call attempts within the window) or "capacity" (calls refused at the call cap).</param>
/// <param name="Count">The count that crossed the threshold.</param>
public sealed record SipCoreFraudBlock(string Domain, DateTime SinceUtc, string Rule, int Count);

/// <summary>The SIP core's own fraud blocks: the portal's sweep reads them to flag the tenants, and clearing
/// a tenant's flag deletes its block and the counts that led to it.</summary>
public interface ISipCoreFraudBlocks
{
    /// <summary>Blocks in place now; empty when no SIP core is connected.</summary>
    Task<IReadOnlyList<SipCoreFraudBlock>> ListAsync(CancellationToken ct);

    /// <summary>Lifts the tenant's block (if any) and forgets its counts.</summary>
    Task ClearAsync(string domain, CancellationToken ct);
}

public sealed class NoSipCoreFraudBlocks : ISipCoreFraudBlocks
{
    public Task<IReadOnlyList<SipCoreFraudBlock>> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<SipCoreFraudBlock>>([]);

    public Task ClearAsync(string domain, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Kamailio's htable "fraud" (key b:&lt;domain&gt;, value "since:rule:count") and "fraudcnt"
/// (a:&lt;domain&gt; attempts, c:&lt;domain&gt; refusals at the cap) over JSON-RPC.</summary>
public sealed class KamailioSipCoreFraudBlocks(KamailioRpc rpc) : ISipCoreFraudBlocks
{
    public const string BlockTable = "fraud";
    public const string CountTable = "fraudcnt";

    public async Task<IReadOnlyList<SipCoreFraudBlock>> ListAsync(CancellationToken ct)
    {
        var dump = await rpc.CallAsync("htable.dump", [BlockTable], ct);
        var blocks = new List<SipCoreFraudBlock>();
        if (dump.ValueKind != JsonValueKind.Array)
        {
            return blocks;
        }
        foreach (var entry in dump.EnumerateArray())
        {
            if (!entry.TryGetProperty("slot", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var item in items.EnumerateArray())
            {
                if (Parse(item) is { } block)
                {
                    blocks.Add(block);
                }
            }
        }
        return blocks.OrderBy(b => b.SinceUtc).ToList();
    }

    public async Task ClearAsync(string domain, CancellationToken ct)
    {
        var d = domain.Trim().ToLowerInvariant();
        await DeleteAsync(CountTable, "a:" + d, ct);
        await DeleteAsync(CountTable, "c:" + d, ct);
        await DeleteAsync(BlockTable, "b:" + d, ct);
    }

    private async Task DeleteAsync(string table, string key, CancellationToken ct)
    {
        try
        {
            await rpc.CallAsync("htable.delete", [table, key], ct);
        }
        catch (KamailioRpcException ex) when (ex.Code == 404)
        {
            // Not there: nothing to lift.
        }
    }

    private static SipCoreFraudBlock? Parse(JsonElement item)
    {
        if (!item.TryGetProperty("name", out var name) || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var key = name.GetString()!;
        var parts = value.GetString()!.Split(':');
        if (!key.StartsWith("b:", StringComparison.Ordinal) || parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var since)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }
        return new SipCoreFraudBlock(key[2..], DateTime.UnixEpoch.AddSeconds(since), parts[1], count);
    }
}
