using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using UcPortal.Data;

namespace UcPortal.Web.Hosting;

/// <summary>Rate-limit counters in the portal's database, so every node behind the load balancer
/// counts the same hits (decision 039). One hit is one atomic upsert of the client's fixed window:
/// a window that has ended starts again at 1. Windows that ended are deleted by
/// <see cref="RateLimitCleanupJob"/>.</summary>
public sealed class SharedRateLimitStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    // The same SQL on SQLite (3.35+: upsert with RETURNING) and PostgreSQL. SET reads the row as it
    // was before the update, so both columns test the old window end.
    internal const string HitSql = """
        INSERT INTO "RateLimitCounters" ("Key", "Count", "WindowEndsUnixMs") VALUES (@key, 1, @ends)
        ON CONFLICT ("Key") DO UPDATE SET
            "Count" = CASE WHEN "RateLimitCounters"."WindowEndsUnixMs" > @now THEN "RateLimitCounters"."Count" + 1 ELSE 1 END,
            "WindowEndsUnixMs" = CASE WHEN "RateLimitCounters"."WindowEndsUnixMs" > @now THEN "RateLimitCounters"."WindowEndsUnixMs" ELSE @ends END
        RETURNING "Count", "WindowEndsUnixMs"
        """;

    /// <summary>Counts one hit of <paramref name="key"/>; the hits in its window (this one included)
    /// and how long the window has left.</summary>
    public async Task<(int Count, TimeSpan Left)> HitAsync(string key, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = HitSql;
            Add(cmd, "key", key);
            Add(cmd, "now", now);
            Add(cmd, "ends", now + (long)window.TotalMilliseconds);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException("The rate-limit upsert returned no row.");
            }
            var count = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
            var ends = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            return (count, TimeSpan.FromMilliseconds(Math.Max(0, ends - now)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}

/// <summary>A fixed window of <c>permits</c> hits per <c>window</c> for one key (policy and client),
/// counted in <see cref="SharedRateLimitStore"/>. The rate-limiting middleware first tries
/// <see cref="RateLimiter.AttemptAcquire"/>, which cannot wait for the database, so it always
/// declines and the middleware calls <see cref="RateLimiter.AcquireAsync"/>, which counts the hit.
/// When the database cannot be reached the hit is counted by this node alone (a fixed window in
/// memory), so the limit still holds per node rather than not at all.</summary>
internal sealed class SharedFixedWindowLimiter(SharedRateLimitStore store, string key, int permits, TimeSpan window, ILogger log) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();
    private FixedWindowRateLimiter? _fallback;

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => SharedLease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return SharedLease.Acquired;
        }
        try
        {
            var (count, left) = await store.HitAsync(key, window, cancellationToken);
            return count <= permits ? SharedLease.Acquired : SharedLease.Rejected(left);
        }
        catch (DbException ex)
        {
            log.LogWarning(ex, "Rate-limit counter {Key} could not be read from the database; counting on this node only", key);
            return Fallback().AttemptAcquire(permitCount);
        }
    }

    private FixedWindowRateLimiter Fallback()
    {
        var created = _fallback;
        if (created is not null)
        {
            return created;
        }
        created = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
        return Interlocked.CompareExchange(ref _fallback, created, null) ?? created;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback?.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class SharedLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly SharedLease Acquired = new(true, null);

        /// <summary>Declined without counting: the middleware then calls AcquireAsync.</summary>
        public static readonly SharedLease NotYet = new(false, null);

        public static SharedLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}

/// <summary>Deletes the rate-limit windows that have ended. A window that ended is already ignored
/// (the next hit starts it again), so this only keeps the table small: running it late or twice
/// changes nothing.</summary>
public sealed class RateLimitCleanupJob(PortalDbContext db, TimeProvider clock)
{
    public const string Id = "rate-limit-cleanup";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.RateLimitCounters.Where(c => c.WindowEndsUnixMs <= now).ExecuteDeleteAsync(ct);
    }
}
