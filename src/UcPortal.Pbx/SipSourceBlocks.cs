using System.Globalization;
using System.Net;
using System.Text.Json;

namespace UcPortal.Pbx;

/// <summary>An address the SIP core refuses because it failed digest authentication too often
/// (kamailio.cfg route AUTH_FAILED): every request from it is answered 403 until <paramref name="UntilUtc"/>.</summary>
/// <param name="Failures">Failed logins counted when the block started (the cfg's AUTH_FAIL_MAX or more).</param>
public sealed record BlockedSipSource(string Address, DateTime SinceUtc, DateTime UntilUtc, int Failures);

/// <summary>The SIP core's blocked addresses, for the staff pages: which addresses are blocked and
/// lifting a block (a customer's office locked out by one phone with an old password).</summary>
public interface ISipSourceBlocks
{
    /// <summary>Addresses blocked now, the longest-running block first; null when no SIP core is connected.</summary>
    Task<IReadOnlyList<BlockedSipSource>?> ListAsync(CancellationToken ct);

    /// <summary>Lifts the block of <paramref name="address"/> and forgets its failed logins. False when it was
    /// not blocked. Throws <see cref="ArgumentException"/> when <paramref name="address"/> is not an IP address.</summary>
    Task<bool> LiftAsync(string address, CancellationToken ct);
}

public sealed class NoSipSourceBlocks : ISipSourceBlocks
{
    public Task<IReadOnlyList<BlockedSipSource>?> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<BlockedSipSource>?>(null);

    public Task<bool> LiftAsync(string address, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>Kamailio's htable "ipban" over JSON-RPC: key = address, value = "since:until:failures"
/// (Unix seconds) as route AUTH_FAILED writes it; "authfail" holds the failures still being counted.</summary>
public sealed class KamailioSipSourceBlocks(KamailioRpc rpc, TimeProvider clock) : ISipSourceBlocks
{
    public const string BanTable = "ipban";
    public const string FailureTable = "authfail";

    public async Task<IReadOnlyList<BlockedSipSource>?> ListAsync(CancellationToken ct)
    {
        var dump = await rpc.CallAsync("htable.dump", [BanTable], ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var blocks = new List<BlockedSipSource>();
        foreach (var slot in Items(dump))
        {
            if (Parse(slot) is { } block && block.UntilUtc > now)
            {
                // htable.dump also shows entries whose time ran out but that its timer has not swept yet.
                blocks.Add(block);
            }
        }
        return blocks.OrderBy(b => b.SinceUtc).ThenBy(b => b.Address, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> LiftAsync(string address, CancellationToken ct)
    {
        if (!IPAddress.TryParse(address?.Trim(), out var ip))
        {
            throw new ArgumentException($"'{address}' is not an IP address.", nameof(address));
        }
        // The cfg keys by $si: IPv4 dotted, IPv6 in its compressed form.
        var key = ip.ToString();
        await DeleteAsync(FailureTable, key, ct);
        return await DeleteAsync(BanTable, key, ct);
    }

    private async Task<bool> DeleteAsync(string table, string key, CancellationToken ct)
    {
        try
        {
            await rpc.CallAsync("htable.delete", [table, key], ct);
            return true;
        }
        catch (KamailioRpcException ex) when (ex.Code == 404)
        {
            return false;
        }
    }

    /// <summary>htable.dump answers one object per used slot, each with its items in "slot".</summary>
    private static IEnumerable<JsonElement> Items(JsonElement dump)
    {
        if (dump.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        foreach (var entry in dump.EnumerateArray())
        {
            if (entry.TryGetProperty("slot", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    yield return item;
                }
            }
        }
    }

    private static BlockedSipSource? Parse(JsonElement item)
    {
        if (!item.TryGetProperty("name", out var name) || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var parts = value.GetString()!.Split(':');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var since)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var failures))
        {
            return null;
        }
        return new BlockedSipSource(name.GetString()!, DateTime.UnixEpoch.AddSeconds(since), DateTime.UnixEpoch.AddSeconds(until), failures);
    }
}
