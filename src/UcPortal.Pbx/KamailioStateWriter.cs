using System.Globalization;
using Npgsql;

namespace UcPortal.Pbx;

/// <summary>Applies a tenant's desired state to Kamailio's PostgreSQL tables (the contract read by
/// deploy/kamailio/kamailio.cfg), in one transaction, then asks Kamailio to reload its caches.
/// Rows are upserted and only the ones no longer wanted are deleted, so applying the same state
/// twice leaves the very same rows (ids included) and an unchanged tenant costs no churn.</summary>
public sealed class KamailioStateWriter : IPbxStateWriter, IDisposable
{
    /// <summary>The htable (and its DB table "htable") holding all routing data, see <see cref="HtableRows"/>.</summary>
    public const string Htable = "pbx";

    /// <summary>permissions address group of customers' IP trunks (tag = tenant domain).</summary>
    public const int TrunkAddressGroup = 2;

    private readonly NpgsqlDataSource _db;
    private readonly KamailioRpc _rpc;
    private readonly HttpClient? _ownedHttp;

    public KamailioStateWriter(string connectionString, Uri rpcUrl)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _ownedHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        _rpc = new KamailioRpc(_ownedHttp, rpcUrl);
    }

    public bool IsConnected => true;

    public async Task ApplyAsync(TenantPbxState state, CancellationToken ct)
    {
        var domain = state.SipDomain.Trim().ToLowerInvariant();
        var rows = HtableRows(state);
        // Trial tenants have no trunks (PbxTenantFlags.Trial); the SIP core enforces it too.
        var trunks = state.Flags.Trial ? [] : state.Trunks;
        // The tag tells the cfg which tenant and which trunk a source address belongs to.
        var addresses = trunks.Where(t => t.AuthMode == "ip")
            .SelectMany(t => t.Addresses.Select(a => (a.IpAddress, a.Port, Tag: AddressTag(domain, t.Id))))
            .DistinctBy(a => (a.IpAddress, a.Port))
            .ToList();
        var credentials = state.Extensions.Select(e => (e.Username, e.Ha1))
            .Concat(trunks.Where(t => t.AuthMode == "registration" && t.Username is not null && t.Ha1 is not null).Select(t => (t.Username!, t.Ha1!)))
            .DistinctBy(c => c.Item1)
            .ToList();

        int addressChanges;
        await using (var conn = await _db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await LockTenantAsync(conn, tx, domain, ct);
            await ExecAsync(conn, tx, "INSERT INTO domain (domain, did) VALUES (@d, @d) ON CONFLICT (domain) DO NOTHING", ct, ("d", domain));

            await ExecAsync(conn, tx, """
                DELETE FROM subscriber WHERE domain = @d AND NOT (username = ANY(@users));
                INSERT INTO subscriber (username, domain, ha1)
                SELECT u, @d, h FROM unnest(@users, @ha1s) AS x(u, h)
                ON CONFLICT (username, domain) DO UPDATE SET ha1 = EXCLUDED.ha1 WHERE subscriber.ha1 <> EXCLUDED.ha1;
                """, ct, ("d", domain), ("users", credentials.Select(c => c.Item1).ToArray()), ("ha1s", credentials.Select(c => c.Item2).ToArray()));

            // A key another tenant still holds (a number moved between tenants) goes to this one.
            await ExecAsync(conn, tx, """
                DELETE FROM htable WHERE (tenant_domain = @d AND NOT (key_name = ANY(@keys)))
                                      OR (key_name = ANY(@keys) AND tenant_domain <> @d);
                INSERT INTO htable (key_name, key_type, value_type, key_value, expires, tenant_domain)
                SELECT k, 0, t, v, 0, @d FROM unnest(@keys, @types, @values) AS x(k, t, v)
                ON CONFLICT (key_name) DO UPDATE SET value_type = EXCLUDED.value_type, key_value = EXCLUDED.key_value
                WHERE htable.value_type <> EXCLUDED.value_type OR htable.key_value <> EXCLUDED.key_value;
                """, ct, ("d", domain), ("keys", rows.Select(r => r.Key).ToArray()),
                ("types", rows.Select(r => r.IsInt ? 1 : 0).ToArray()), ("values", rows.Select(r => r.Value).ToArray()));

            addressChanges = await ExecAsync(conn, tx, """
                DELETE FROM address WHERE split_part(tag, ':', 1) = @d
                    AND NOT ((ip_addr, port, tag) IN (SELECT * FROM unnest(@ips, @ports, @tags)));
                INSERT INTO address (grp, ip_addr, mask, port, tag)
                SELECT @grp, ip, m, p, t FROM unnest(@ips, @masks, @ports, @tags) AS x(ip, m, p, t)
                WHERE NOT EXISTS (SELECT 1 FROM address a WHERE a.tag = x.t AND a.ip_addr = x.ip AND a.port = x.p);
                """, ct, ("d", domain), ("grp", TrunkAddressGroup), ("ips", addresses.Select(a => a.IpAddress).ToArray()),
                ("masks", addresses.Select(a => HostMask(a.IpAddress)).ToArray()),
                ("ports", addresses.Select(a => a.Port).ToArray()), ("tags", addresses.Select(a => a.Tag).ToArray()));
            await tx.CommitAsync(ct);
        }

        await ReloadAsync(addressChanges > 0 || addresses.Count > 0, ct);
    }

    public async Task RemoveTenantAsync(Guid tenantId, string sipDomain, CancellationToken ct)
    {
        var domain = sipDomain.Trim().ToLowerInvariant();
        await using (var conn = await _db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await LockTenantAsync(conn, tx, domain, ct);
            await ExecAsync(conn, tx, """
                DELETE FROM domain WHERE domain = @d;
                DELETE FROM domain_attrs WHERE did = @d;
                DELETE FROM subscriber WHERE domain = @d;
                DELETE FROM htable WHERE tenant_domain = @d;
                DELETE FROM address WHERE split_part(tag, ':', 1) = @d;
                DELETE FROM location WHERE domain = @d;
                """, ct, ("d", domain));
            await tx.CommitAsync(ct);
        }
        await ReloadAsync(reloadAddresses: true, ct);
    }

    /// <summary>The routing contract between this writer and kamailio.cfg: htable "pbx" keys
    /// (domain = lower-case tenant SIP domain, destinations as "kind:target").</summary>
    public static IReadOnlyList<HtableRow> HtableRows(TenantPbxState state)
    {
        var d = state.SipDomain.Trim().ToLowerInvariant();
        var f = state.Flags;
        var rows = new List<HtableRow>
        {
            HtableRow.Int($"t:{d}:suspended", f.Suspended ? 1 : 0),
            HtableRow.Int($"t:{d}:trial", f.Trial ? 1 : 0),
            HtableRow.Int($"t:{d}:outbound", f.OutboundAllowed ? 1 : 0),
            HtableRow.Int($"t:{d}:intl", f.InternationalAllowed && !f.Trial ? 1 : 0),
            HtableRow.Int($"t:{d}:maxcalls", f.MaxConcurrentCalls),
            HtableRow.Str($"t:{d}:cc", f.CountryCallingCode),
            HtableRow.Int($"t:{d}:version", (int)Math.Min(state.Version, int.MaxValue)),
        };
        // The caller ID asserted for an outbound call when the caller has no number of its own:
        // the first of the tenant's numbers, as the portal's default for extensions.
        if (state.Numbers.Select(n => n.E164).Order(StringComparer.Ordinal).FirstOrDefault() is { } defaultNumber)
        {
            rows.Add(HtableRow.Str($"t:{d}:cid", "+" + Digits(defaultNumber)));
        }
        if (!string.IsNullOrWhiteSpace(f.VerifiedMobileE164))
        {
            rows.Add(HtableRow.Str($"t:{d}:mobile", Digits(f.VerifiedMobileE164)));
        }
        foreach (var e in state.Extensions)
        {
            var k = $"e:{d}:{e.Number}";
            rows.Add(HtableRow.Str(k, e.Username));
            rows.Add(HtableRow.Str($"u:{d}:{e.Username}", e.Number));
            rows.Add(HtableRow.Int($"{k}:dnd", e.DoNotDisturb ? 1 : 0));
            rows.Add(HtableRow.Int($"{k}:nas", e.NoAnswerSeconds));
            AddDestination(rows, $"{k}:fwa", e.ForwardAlways);
            AddDestination(rows, $"{k}:fwb", e.ForwardBusy);
            AddDestination(rows, $"{k}:fwn", e.ForwardNoAnswer);
            AddDestination(rows, $"{k}:fwu", e.ForwardUnregistered);
            if (!string.IsNullOrWhiteSpace(e.CallerIdE164))
            {
                rows.Add(HtableRow.Str($"{k}:cid", e.CallerIdE164));
            }
        }
        foreach (var g in state.RingGroups)
        {
            var k = $"g:{d}:{g.Number}";
            rows.Add(HtableRow.Str(k, g.Strategy == "sequential" ? "sequential" : "simultaneous"));
            rows.Add(HtableRow.Int($"{k}:ring", Math.Max(g.RingSeconds, 1)));
            rows.Add(HtableRow.Int($"{k}:n", g.Members.Count));
            for (var i = 0; i < g.Members.Count; i++)
            {
                rows.Add(HtableRow.Str($"{k}:m{i}", g.Members[i]));
            }
            AddDestination(rows, $"{k}:na", g.NoAnswer);
        }
        foreach (var n in state.Numbers)
        {
            var k = $"d:{Digits(n.E164)}";
            rows.Add(HtableRow.Str(k, d));
            AddDestination(rows, $"{k}:open", n.Open);
            AddDestination(rows, $"{k}:closed", n.Closed);
            if (n.ScheduleId is { } schedule)
            {
                rows.Add(HtableRow.Str($"{k}:sched", schedule.ToString("N")));
            }
        }
        foreach (var s in state.Schedules)
        {
            var k = $"s:{d}:{s.Id:N}";
            var windows = s.OpenWindowsUtc.OrderBy(w => w.StartUtc).ToList();
            rows.Add(HtableRow.Int($"{k}:n", windows.Count));
            for (var i = 0; i < windows.Count; i++)
            {
                rows.Add(HtableRow.Int($"{k}:s{i}", UnixSeconds(windows[i].StartUtc)));
                rows.Add(HtableRow.Int($"{k}:e{i}", UnixSeconds(windows[i].EndUtc)));
            }
        }
        if (!f.Trial)
        {
            foreach (var t in state.Trunks.Where(t => t.AuthMode == "ip" && t.Addresses.Count > 0))
            {
                var a = t.Addresses[0];
                rows.Add(HtableRow.Str($"k:{d}:{t.Id:N}", $"{a.IpAddress}:{a.Port.ToString(CultureInfo.InvariantCulture)}"));
                rows.Add(HtableRow.Int($"k:{d}:{t.Id:N}:max", Math.Max(t.MaxChannels, 0)));
            }
            // A registering trunk is reached where it registered (the cfg looks its username up in
            // location), and its calls are known as the trunk's by the username they authenticate with.
            foreach (var t in state.Trunks.Where(t => t.AuthMode == "registration" && t.Username is not null))
            {
                rows.Add(HtableRow.Str($"k:{d}:{t.Id:N}", $"reg:{t.Username}"));
                rows.Add(HtableRow.Int($"k:{d}:{t.Id:N}:max", Math.Max(t.MaxChannels, 0)));
                rows.Add(HtableRow.Str($"r:{d}:{t.Username}", t.Id.ToString("N")));
            }
        }
        return rows.DistinctBy(r => r.Key).ToList();
    }

    public void Dispose()
    {
        _db.Dispose();
        _ownedHttp?.Dispose();
    }

    private async Task ReloadAsync(bool reloadAddresses, CancellationToken ct)
    {
        await _rpc.CallAsync("domain.reload", [], ct);
        await _rpc.CallAsync("htable.reload", [Htable], ct);
        if (reloadAddresses)
        {
            await ReloadAddressesAsync(ct);
        }
    }

    /// <summary>permissions refuses a reload closer than its reload_delta (1 s) to the previous one
    /// ("ongoing reload"), which two trunk tenants synced back to back hit: wait and try again.</summary>
    private async Task ReloadAddressesAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _rpc.CallAsync("permissions.addressReload", [], ct);
                return;
            }
            catch (KamailioRpcException ex) when (attempt < 4 && ex.Message.Contains("reload", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1100), ct);
            }
        }
    }

    private static void AddDestination(List<HtableRow> rows, string key, PbxDestination destination)
    {
        if (destination.IsSet)
        {
            rows.Add(HtableRow.Str(key, $"{destination.Kind}:{destination.Target}"));
        }
    }

    /// <summary>The permissions tag of an IP trunk's addresses: "&lt;domain&gt;:&lt;trunk id N&gt;".</summary>
    public static string AddressTag(string domain, Guid trunkId) => $"{domain}:{trunkId:N}";

    // One host, not a network: a /32 of an IPv6 address would admit a whole provider's range.
    private static int HostMask(string ip) => ip.Contains(':') ? 128 : 32;

    private static string Digits(string e164) => e164.Trim().TrimStart('+');

    private static int UnixSeconds(DateTime utc) =>
        (int)new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    // Two syncs of one tenant at once would interleave their deletes and inserts.
    private static Task<int> LockTenantAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string domain, CancellationToken ct) =>
        ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(hashtext('ucportal-tenant:' || @d))", ct, ("d", domain));

    private static async Task<int> ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>One row of Kamailio's "htable" table: value_type 1 = integer, 0 = string.</summary>
public sealed record HtableRow(string Key, string Value, bool IsInt)
{
    public static HtableRow Int(string key, int value) => new(key, value.ToString(CultureInfo.InvariantCulture), true);

    public static HtableRow Str(string key, string value) => new(key, value, false);
}
