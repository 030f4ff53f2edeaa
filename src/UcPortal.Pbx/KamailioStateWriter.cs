using System.Globalization;
using Npgsql;

namespace UcPortal.Pbx;

/// <summary>Applies a tenant's desired state to Kamailio's PostgreSQL tables (the contract read by
/// deploy/kamailio/kamailio.cfg), in one transaction, then brings Kamailio's caches up to date.
/// Rows are upserted and only the ones no longer wanted are deleted, so applying the same state
/// twice leaves the very same rows (ids included) and an unchanged tenant costs no churn. Only the
/// changed htable keys are pushed (htable.sets/seti/delete), the domain list is reloaded only for a
/// new domain; a whole reload happens only when Kamailio's copy of the tenant is not in step
/// (its generation key differs from the table's) or a tenant is removed.</summary>
public sealed class KamailioStateWriter : IPbxStateWriter, IDisposable
{
    /// <summary>The htable (and its DB table "htable") holding all routing data, see <see cref="HtableRows"/>.</summary>
    public const string Htable = "pbx";

    /// <summary>permissions address group of customers' IP trunks (tag = "&lt;domain&gt;:&lt;trunk id N&gt;").</summary>
    public const int TrunkAddressGroup = 2;

    /// <summary>From this many new or changed rows of one owner on, they reach Kamailio's cache in
    /// one batched load (route PBX_LOAD, up to 500 rows a request) instead of one RPC per key.</summary>
    public const int BatchLoadThreshold = 8;

    private readonly NpgsqlDataSource _db;
    private readonly KamailioRpc _rpc;
    private readonly HttpClient _ownedHttp;
    private readonly Uri _rpcUrl;
    // Set when the SIP core answered 404 to a batched load (a cfg without route PBX_LOAD).
    private volatile bool _batchLoadMissing;

    public KamailioStateWriter(string connectionString, Uri rpcUrl)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _ownedHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        _rpcUrl = rpcUrl;
        _rpc = new KamailioRpc(_ownedHttp, rpcUrl);
    }

    /// <summary>JSON-RPC requests and batched loads sent to Kamailio by this writer (for benchmarks and tests).</summary>
    public long KamailioRequests => _rpc.Requests + Interlocked.Read(ref _requests);

    private long _requests;

    public bool IsConnected => true;

    /// <summary>When set, each step of <see cref="ApplyAsync"/> reports its wall time (ms) under a
    /// name: the sync benchmark's profile (bench/sync). Null in the portal.</summary>
    public Action<string, double>? StepTimings { get; set; }

    private long Mark(string step, long since)
    {
        if (StepTimings is not { } report)
        {
            return 0;
        }
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        report(step, System.Diagnostics.Stopwatch.GetElapsedTime(since, now).TotalMilliseconds);
        return now;
    }

    public async Task ApplyAsync(TenantPbxState state, CancellationToken ct)
    {
        var t = StepTimings is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
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

        var generationKey = GenerationKey(domain);
        var numberKeys = rows.Where(IsNumberKey).Select(r => r.Key).ToArray();
        var ruleRows = DestinationRuleRows(state.Flags);
        var ruleOwner = "rules:" + CountryKey(state.Flags.Country);
        t = Mark("1 state rows", t);

        await using var conn = await _db.OpenConnectionAsync(ct);
        // Both locks are session-level advisory locks, released together in one statement at the end
        // (also when the apply fails half-way: unlocking a lock never taken only warns).
        await using var locks = new SessionLocks(conn, TenantLockKey(domain), CacheLockKey);

        // Kamailio's copy of the tenant is in step with the table when both hold the same generation;
        // an apply whose pushes failed half-way (or never ran) leaves them apart, and the next apply
        // then reloads everything instead of pushing only what changed. The cached generation is read
        // while the tenant lock is being taken: a generation only changes under that lock or by a whole
        // reload (which makes the cache equal to the table), so a read that raced one can only differ
        // from the stored one, which costs a reload, never a missed push.
        var cachedGenerationTask = CachedGenerationAsync(generationKey, ct);
        long storedGeneration;
        var heldNumbers = new HashSet<string>(StringComparer.Ordinal);
        var numbersHeldElsewhere = 0L;
        try
        {
            // One round trip: the tenant lock (held until Kamailio has this apply's changes, so that a
            // later apply of the tenant cannot push its values first and then see ours overwrite them),
            // then, under it, the stored generation and the numbers this and other tenants hold.
            await using var cmd = new NpgsqlCommand("""
                SELECT pg_advisory_lock(@lock);
                SELECT key_value FROM htable WHERE key_name = @gen;
                SELECT key_name FROM htable WHERE tenant_domain = @d AND key_name LIKE 'd:%' AND key_name NOT LIKE 'd:%:%';
                SELECT count(*) FROM htable WHERE key_name = ANY(@numbers) AND tenant_domain <> @d;
                """, conn);
            cmd.Parameters.AddWithValue("lock", TenantLockKey(domain));
            cmd.Parameters.AddWithValue("gen", generationKey);
            cmd.Parameters.AddWithValue("d", domain);
            cmd.Parameters.AddWithValue("numbers", numberKeys);
            locks.TenantLocked = true;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            storedGeneration = await reader.ReadAsync(ct) ? long.Parse(reader.GetString(0), CultureInfo.InvariantCulture) : 0;
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                heldNumbers.Add(reader.GetString(0));
            }
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            numbersHeldElsewhere = reader.GetInt64(0);
        }
        finally
        {
            // Observed whatever happened above, so that its failure never goes unnoticed.
            await cachedGenerationTask.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var inStep = await cachedGenerationTask == storedGeneration;
        t = Mark("2 db + rpc: tenant lock, stored and cached generation, numbers held", t);

        // A number moving between tenants is a key one tenant deletes and another sets: such applies
        // (and whole reloads, which read every tenant's rows) run alone, the others side by side. A
        // new number no other tenant holds moves nothing (a tenant's first apply).
        var numbersMove = numbersHeldElsewhere > 0 || heldNumbers.Except(numberKeys).Any();
        locks.CacheShared = inStep && !numbersMove;

        TenantChanges changes;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            // One round trip for the whole write (every statement returns rows, so that the result
            // sets line up): the cache lock, the domain, the credentials, the htable rows (a key
            // another tenant still holds, i.e. a number moved between tenants, goes to this one), the
            // country's destination rules (c:<country>:<prefix>, shared by its tenants and owned by
            // "rules:<country>": every tenant's apply brings them up to date, which after the first one
            // changes nothing) and the trunk addresses.
            await using var cmd = new NpgsqlCommand($"""
                SELECT {(locks.CacheShared ? "pg_advisory_lock_shared" : "pg_advisory_lock")}(@cache);
                INSERT INTO domain (domain, did) VALUES (@d, @d) ON CONFLICT (domain) DO NOTHING RETURNING 1;
                DELETE FROM subscriber WHERE domain = @d AND NOT (username = ANY(@users)) RETURNING 1;
                INSERT INTO subscriber (username, domain, ha1)
                SELECT u, @d, h FROM unnest(@users, @ha1s) AS x(u, h)
                ON CONFLICT (username, domain) DO UPDATE SET ha1 = EXCLUDED.ha1 WHERE subscriber.ha1 <> EXCLUDED.ha1
                RETURNING 1;
                DELETE FROM htable WHERE (tenant_domain = @d AND NOT (key_name = ANY(@keys)) AND key_name <> @gen)
                                      OR (key_name = ANY(@keys) AND tenant_domain <> @d)
                RETURNING key_name;
                INSERT INTO htable (key_name, key_type, value_type, key_value, expires, tenant_domain)
                SELECT k, 0, t, v, 0, @d FROM unnest(@keys, @types, @values) AS x(k, t, v)
                ON CONFLICT (key_name) DO UPDATE SET value_type = EXCLUDED.value_type, key_value = EXCLUDED.key_value
                WHERE htable.value_type <> EXCLUDED.value_type OR htable.key_value <> EXCLUDED.key_value
                RETURNING key_name, key_value, value_type;
                DELETE FROM htable WHERE @hasRules AND tenant_domain = @o AND NOT (key_name = ANY(@ruleKeys)) RETURNING key_name;
                INSERT INTO htable (key_name, key_type, value_type, key_value, expires, tenant_domain)
                SELECT k, 0, 0, v, 0, @o FROM unnest(@ruleKeys, @ruleValues) AS x(k, v)
                ON CONFLICT (key_name) DO UPDATE SET key_value = EXCLUDED.key_value, value_type = 0, tenant_domain = EXCLUDED.tenant_domain
                WHERE htable.key_value <> EXCLUDED.key_value OR htable.value_type <> 0
                RETURNING key_name, key_value, value_type;
                DELETE FROM address WHERE split_part(tag, ':', 1) = @d
                    AND NOT ((ip_addr, port, tag) IN (SELECT * FROM unnest(@ips, @ports, @tags)))
                RETURNING 1;
                INSERT INTO address (grp, ip_addr, mask, port, tag)
                SELECT @grp, ip, m, p, t FROM unnest(@ips, @masks, @ports, @tags) AS x(ip, m, p, t)
                WHERE NOT EXISTS (SELECT 1 FROM address a WHERE a.tag = x.t AND a.ip_addr = x.ip AND a.port = x.p)
                RETURNING 1;
                """, conn, tx);
            cmd.Parameters.AddWithValue("cache", CacheLockKey);
            cmd.Parameters.AddWithValue("d", domain);
            cmd.Parameters.AddWithValue("gen", generationKey);
            cmd.Parameters.AddWithValue("users", credentials.Select(c => c.Item1).ToArray());
            cmd.Parameters.AddWithValue("ha1s", credentials.Select(c => c.Item2).ToArray());
            cmd.Parameters.AddWithValue("keys", rows.Select(r => r.Key).ToArray());
            cmd.Parameters.AddWithValue("types", rows.Select(r => r.IsInt ? 1 : 0).ToArray());
            cmd.Parameters.AddWithValue("values", rows.Select(r => r.Value).ToArray());
            // Without rules the owner's rows are left alone (as before: only a country with rules replaces them).
            cmd.Parameters.AddWithValue("hasRules", ruleRows.Count > 0);
            cmd.Parameters.AddWithValue("o", ruleOwner);
            cmd.Parameters.AddWithValue("ruleKeys", ruleRows.Select(r => r.Key).ToArray());
            cmd.Parameters.AddWithValue("ruleValues", ruleRows.Select(r => r.Value).ToArray());
            cmd.Parameters.AddWithValue("grp", TrunkAddressGroup);
            cmd.Parameters.AddWithValue("ips", addresses.Select(a => a.IpAddress).ToArray());
            cmd.Parameters.AddWithValue("masks", addresses.Select(a => HostMask(a.IpAddress)).ToArray());
            cmd.Parameters.AddWithValue("ports", addresses.Select(a => a.Port).ToArray());
            cmd.Parameters.AddWithValue("tags", addresses.Select(a => a.Tag).ToArray());

            var deleted = new List<string>();
            var upserted = new List<HtableRow>();
            var ruleUpserted = new List<HtableRow>();
            bool domainAdded;
            var addressChanges = 0;
            locks.CacheLocked = true;
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                await reader.NextResultAsync(ct);
                domainAdded = await CountAsync(reader, ct) > 0;
                await reader.NextResultAsync(ct);
                await CountAsync(reader, ct);
                await reader.NextResultAsync(ct);
                await CountAsync(reader, ct);
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    deleted.Add(reader.GetString(0));
                }
                await reader.NextResultAsync(ct);
                await ReadRowsAsync(reader, upserted, ct);
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    deleted.Add(reader.GetString(0));
                }
                await reader.NextResultAsync(ct);
                await ReadRowsAsync(reader, ruleUpserted, ct);
                await reader.NextResultAsync(ct);
                addressChanges += await CountAsync(reader, ct);
                await reader.NextResultAsync(ct);
                addressChanges += await CountAsync(reader, ct);
            }
            var upsertedByOwner = new List<(string Owner, IReadOnlyList<HtableRow> Rows)> { (domain, upserted) };
            if (ruleRows.Count > 0)
            {
                upsertedByOwner.Add((ruleOwner, ruleUpserted));
            }
            var allUpserted = upserted.Concat(ruleUpserted).Select(u => u.Key).ToHashSet(StringComparer.Ordinal);
            changes = new TenantChanges(domainAdded, deleted.Where(k => !allUpserted.Contains(k)).Distinct(StringComparer.Ordinal).ToList(), upsertedByOwner, addressChanges > 0, storedGeneration + 1);
            t = Mark("3 db: cache lock, transaction statements", t);
            if (changes.Any)
            {
                await ExecAsync(conn, tx, """
                    INSERT INTO htable (key_name, key_type, value_type, key_value, expires, tenant_domain)
                    VALUES (@gen, 0, 1, @value, 0, @d)
                    ON CONFLICT (key_name) DO UPDATE SET key_value = EXCLUDED.key_value, value_type = 1, tenant_domain = @d
                    """, ct, ("gen", generationKey), ("value", changes.Generation.ToString(CultureInfo.InvariantCulture)), ("d", domain));
            }
            await tx.CommitAsync(ct);
            t = Mark("4 db: generation, commit", t);
        }

        if (!inStep)
        {
            await ReloadAsync(reloadAddresses: true, ct);
        }
        else if (changes.Any)
        {
            await PushAsync(changes, generationKey, ct);
        }
        t = Mark("5 kamailio: push (load, domain.reload, generation)", t);
        await locks.ReleaseAsync();
        Mark("6 db: unlock", t);
    }

    public async Task RemoveTenantAsync(Guid tenantId, string sipDomain, CancellationToken ct)
    {
        var domain = sipDomain.Trim().ToLowerInvariant();
        await using var conn = await _db.OpenConnectionAsync(ct);
        await using var tenantLock = await SessionLock.AcquireAsync(conn, TenantLockKey(domain), shared: false, ct);
        // Removal is rare: everything is reloaded, which also clears anything a failed apply left behind.
        await using var cacheLock = await SessionLock.AcquireAsync(conn, CacheLockKey, shared: false, ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
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

    /// <summary>htable "pbx" key that tells kamailio.cfg a media engine answers announcements now (route NOT_IN_SERVICE);
    /// value = the voice of calls that reach no tenant. Its row is owned by <see cref="MediaEngineOwner"/>, not by a tenant,
    /// so that a full reload keeps it.</summary>
    public const string MediaEngineKey = "m:ann";

    public const string MediaEngineOwner = "media";

    public async Task SetMediaEngineAsync(string? voice, CancellationToken ct)
    {
        await using var conn = await _db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (voice is null)
            {
                await ExecAsync(conn, tx, "DELETE FROM htable WHERE key_name = @k", ct, ("k", MediaEngineKey));
            }
            else
            {
                await ExecAsync(conn, tx, """
                    INSERT INTO htable (key_name, key_type, value_type, key_value, expires, tenant_domain)
                    VALUES (@k, 0, 0, @v, 0, @o)
                    ON CONFLICT (key_name) DO UPDATE SET key_value = EXCLUDED.key_value, value_type = 0, tenant_domain = EXCLUDED.tenant_domain
                    WHERE htable.key_value <> EXCLUDED.key_value OR htable.tenant_domain <> EXCLUDED.tenant_domain
                    """, ct, ("k", MediaEngineKey), ("v", voice), ("o", MediaEngineOwner));
            }
            await tx.CommitAsync(ct);
        }
        // The table first: a full reload in between reads what the cache is about to hold.
        if (voice is null)
        {
            try
            {
                await _rpc.CallAsync("htable.delete", [Htable, MediaEngineKey], ct);
            }
            catch (KamailioRpcException ex) when (ex.Code == 404)
            {
            }
        }
        else
        {
            await _rpc.CallAsync("htable.sets", [Htable, MediaEngineKey, voice], ct);
        }
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
            HtableRow.Str($"t:{d}:country", CountryKey(f.Country)),
            HtableRow.Int($"t:{d}:premium", f.PremiumAllowed ? 1 : 0),
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
        // One key per number: the cfg looks the dialled digits up directly. Anything but digits
        // could never be dialled as an emergency number, so it is not written.
        if (f.Limits is { } limits)
        {
            if (limits.OutboundSecondsLeft is { } secs)
            {
                rows.Add(HtableRow.Int($"t:{d}:secs", Math.Max(0, secs)));
            }
            if (limits.OutboundBlocked)
            {
                rows.Add(HtableRow.Int($"t:{d}:blocked", 1));
            }
            if (limits.MaxAttemptsPerWindow > 0)
            {
                rows.Add(HtableRow.Int($"t:{d}:fr:apm", limits.MaxAttemptsPerWindow));
            }
            if (limits.MaxCapRefusalsPerWindow > 0)
            {
                rows.Add(HtableRow.Int($"t:{d}:fr:cap", limits.MaxCapRefusalsPerWindow));
            }
        }
        if (!string.IsNullOrWhiteSpace(f.AnnouncementVoice))
        {
            rows.Add(HtableRow.Str($"t:{d}:ann", f.AnnouncementVoice));
        }
        foreach (var m in state.Menus ?? [])
        {
            var k = $"i:{m.Id:N}";
            rows.Add(HtableRow.Str(k, d));
            foreach (var (key, destination) in m.Keys)
            {
                AddDestination(rows, $"{k}:k{PbxAttendant.KeyCode(key)}", destination);
            }
            AddDestination(rows, $"{k}:kt", m.Timeout);
            AddDestination(rows, $"{k}:ki", m.Invalid);
            if (m.Repeats > 0)
            {
                rows.Add(HtableRow.Int($"{k}:kr", Math.Min(m.Repeats, 9)));
            }
        }
        foreach (var sos in (f.EmergencyNumbers ?? []).Where(n => n.Length is > 0 and <= 6 && n.All(char.IsAsciiDigit)))
        {
            rows.Add(HtableRow.Int($"t:{d}:sos:{sos}", 1));
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
            if (e.Voicemail)
            {
                rows.Add(HtableRow.Int($"{k}:vm", 1));
            }
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
            AddDestination(rows, $"{k}:fo", n.Failover ?? PbxDestination.None);
            if (n.ScheduleId is { } schedule)
            {
                rows.Add(HtableRow.Str($"{k}:sched", schedule.ToString("N")));
            }
            if (EmergencyAddressHeaderValue(n.EmergencyAddress) is { } address)
            {
                rows.Add(HtableRow.Str($"{k}:addr", address));
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
        _ownedHttp.Dispose();
    }

    /// <summary>The country's destination classes as htable rows "c:&lt;country&gt;:&lt;prefix&gt;" = class
    /// (decision 016): kamailio.cfg looks the dialled number up from its longest prefix down.</summary>
    public static IReadOnlyList<HtableRow> DestinationRuleRows(PbxTenantFlags flags)
    {
        var country = CountryKey(flags.Country);
        return (flags.DestinationRules ?? [])
            .Where(r => r.Prefix.Length is > 0 and <= 15 && r.Prefix.All(char.IsAsciiDigit) && r.Class.All(char.IsAsciiLetterLower))
            .Select(r => HtableRow.Str($"c:{country}:{r.Prefix}", r.Class))
            .DistinctBy(r => r.Key)
            .ToList();
    }

    private static string CountryKey(string country) => country.Trim().ToUpperInvariant();

    /// <summary>Kamailio's cache key of the tenant's generation: it changes with every apply that
    /// changes something, and is pushed last.</summary>
    public static string GenerationKey(string domain) => $"t:{domain}:gen";

    /// <summary>Only what changed: deleted keys, new and changed values, the domain list if the
    /// domain is new, the trunk addresses if they changed; the generation last, so that a push that
    /// fails half-way is seen by the next apply.</summary>
    private async Task PushAsync(TenantChanges changes, string generationKey, CancellationToken ct)
    {
        // The domain list reloads beside the key pushes (they touch different caches); only the
        // generation has to come last.
        var domainReload = changes.DomainAdded ? _rpc.CallAsync("domain.reload", [], ct) : null;
        try
        {
            await PushKeysAsync(changes, ct);
        }
        finally
        {
            if (domainReload is not null)
            {
                // Awaited also when the key pushes failed, so that its own failure is seen.
                await domainReload;
            }
        }
        if (changes.AddressesChanged)
        {
            await ReloadAddressesAsync(ct);
        }
        await _rpc.CallAsync("htable.seti", [Htable, generationKey, changes.Generation], ct);
    }

    private async Task PushKeysAsync(TenantChanges changes, CancellationToken ct)
    {
        foreach (var key in changes.DeletedKeys)
        {
            try
            {
                await _rpc.CallAsync("htable.delete", [Htable, key], ct);
            }
            catch (KamailioRpcException ex) when (ex.Code == 404)
            {
                // Not in the cache: already what we want.
            }
        }
        foreach (var (owner, rows) in changes.UpsertedByOwner)
        {
            // Many rows of one owner (a tenant's first apply: ≈ 110 keys for 10 extensions) load in
            // one request that reads them from the table just committed, whatever their keys; the
            // tenant lock is still held, so nothing else changes them meanwhile.
            if (rows.Count >= BatchLoadThreshold && !_batchLoadMissing && KamailioBatchLoad.IsLoadableOwner(owner)
                && await BatchLoadAsync(owner, ct))
            {
                continue;
            }
            foreach (var row in rows)
            {
                await (row.IsInt
                    ? _rpc.CallAsync("htable.seti", [Htable, row.Key, int.Parse(row.Value, CultureInfo.InvariantCulture)], ct)
                    : _rpc.CallAsync("htable.sets", [Htable, row.Key, row.Value], ct));
            }
        }
    }

    /// <summary>Loads every row of the owner (but its generation key) into the cache, page by page;
    /// false when the SIP core's cfg has no batched load (then the caller pushes key by key).</summary>
    private async Task<bool> BatchLoadAsync(string owner, CancellationToken ct)
    {
        for (var offset = 0; ; offset += KamailioBatchLoad.PageSize)
        {
            Interlocked.Increment(ref _requests);
            var loaded = await KamailioBatchLoad.LoadPageAsync(_ownedHttp, _rpcUrl, owner, offset, ct);
            if (loaded is null)
            {
                _batchLoadMissing = true;
                return false;
            }
            if (loaded < KamailioBatchLoad.PageSize)
            {
                return true;
            }
        }
    }

    /// <summary>The generation in Kamailio's cache; 0 when it has none (like a tenant never written).</summary>
    private async Task<long> CachedGenerationAsync(string generationKey, CancellationToken ct)
    {
        try
        {
            var reply = await _rpc.CallAsync("htable.get", [Htable, generationKey], ct);
            return reply.GetProperty("item").GetProperty("value").GetInt64();
        }
        catch (KamailioRpcException ex) when (ex.Message.Contains("doesn't exist", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    // d:<digits> is the only key not scoped by the tenant's domain.
    private static bool IsNumberKey(HtableRow row) => row.Key.StartsWith("d:", StringComparison.Ordinal) && row.Key.IndexOf(':', 2) < 0;

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

    /// <summary>The address as the cfg may put it into a SIP header: one line (control characters
    /// would end the header and start another), spaces collapsed, at most 255 characters.</summary>
    public static string? EmergencyAddressHeaderValue(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }
        var oneLine = string.Join(' ', address.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => new string(word.Where(c => !char.IsControl(c)).ToArray()))
            .Where(word => word.Length > 0));
        return oneLine.Length == 0 ? null : oneLine.Length > 255 ? oneLine[..255] : oneLine;
    }

    private static int UnixSeconds(DateTime utc) =>
        (int)new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    // Two syncs of one tenant at once would interleave their deletes, inserts and pushes.
    private static long TenantLockKey(string domain) => StableHash("ucportal-tenant:" + domain);

    // Shared by applies that push their own keys; exclusive for whole reloads and moving numbers.
    private static readonly long CacheLockKey = StableHash("ucportal-htable-cache");

    private static long StableHash(string text) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0);

    private static async Task<int> CountAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var n = 0;
        while (await reader.ReadAsync(ct))
        {
            n++;
        }
        return n;
    }

    private static async Task ReadRowsAsync(NpgsqlDataReader reader, List<HtableRow> rows, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new HtableRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2) == 1));
        }
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct,
        params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(read(reader));
        }
        return list;
    }

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

/// <summary>What one apply changed in the tables, to be pushed to Kamailio's caches.</summary>
internal sealed record TenantChanges(bool DomainAdded, IReadOnlyList<string> DeletedKeys,
    IReadOnlyList<(string Owner, IReadOnlyList<HtableRow> Rows)> UpsertedByOwner, bool AddressesChanged, long Generation)
{
    public bool Any => DomainAdded || DeletedKeys.Count > 0 || UpsertedByOwner.Any(o => o.Rows.Count > 0) || AddressesChanged;
}

/// <summary>A PostgreSQL session-level advisory lock, released on dispose (or with the session).</summary>
internal sealed class SessionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _conn;
    private readonly long _key;
    private readonly bool _shared;

    private SessionLock(NpgsqlConnection conn, long key, bool shared) => (_conn, _key, _shared) = (conn, key, shared);

    public static async Task<SessionLock> AcquireAsync(NpgsqlConnection conn, long key, bool shared, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(shared ? "SELECT pg_advisory_lock_shared(@k)" : "SELECT pg_advisory_lock(@k)", conn);
        cmd.Parameters.AddWithValue("k", key);
        await cmd.ExecuteNonQueryAsync(ct);
        return new SessionLock(conn, key, shared);
    }

    public async ValueTask DisposeAsync()
    {
        if (_conn.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }
        try
        {
            await using var cmd = new NpgsqlCommand(_shared ? "SELECT pg_advisory_unlock_shared(@k)" : "SELECT pg_advisory_unlock(@k)", _conn);
            cmd.Parameters.AddWithValue("k", _key);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A session that cannot unlock is broken, and its locks end with it; the error that
            // broke it is the one the caller must see.
        }
    }
}

/// <summary>An apply's two session-level advisory locks (the tenant's, exclusive; the cache's, shared
/// or exclusive), released together in one statement. A lock is marked held before the statement that
/// takes it is sent, so a failure right after taking it still releases it (unlocking a lock that was
/// never taken only makes PostgreSQL warn).</summary>
internal sealed class SessionLocks(NpgsqlConnection conn, long tenantKey, long cacheKey) : IAsyncDisposable
{
    public bool TenantLocked { get; set; }

    public bool CacheLocked { get; set; }

    public bool CacheShared { get; set; }

    public async Task ReleaseAsync()
    {
        var unlocks = new List<string>();
        if (CacheLocked)
        {
            unlocks.Add(CacheShared ? "pg_advisory_unlock_shared(@cache)" : "pg_advisory_unlock(@cache)");
        }
        if (TenantLocked)
        {
            unlocks.Add("pg_advisory_unlock(@tenant)");
        }
        if (unlocks.Count == 0 || conn.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand("SELECT " + string.Join(", ", unlocks), conn);
        cmd.Parameters.AddWithValue("cache", cacheKey);
        cmd.Parameters.AddWithValue("tenant", tenantKey);
        await cmd.ExecuteNonQueryAsync();
        TenantLocked = CacheLocked = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        catch (NpgsqlException)
        {
            // A session that cannot unlock is broken, and its locks end with it; the error that
            // broke it is the one the caller must see.
        }
    }
}
