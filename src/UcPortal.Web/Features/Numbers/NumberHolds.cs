using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Numbers;

/// <summary>Who holds a number while choosing it. Tenants by id; a trial signup by its id once the form
/// is sent; an anonymous visitor by a random 128-bit token in an HttpOnly cookie (unguessable, so nobody
/// can act as another visitor's holder).</summary>
public static class NumberHolders
{
    public const string VisitorCookie = "uc_number_hold";

    public static string Tenant(Guid tenantId) => "t:" + tenantId.ToString("N");
    public static string Signup(Guid signupId) => "s:" + signupId.ToString("N");

    /// <summary>The visitor's hold key from the cookie, creating the cookie when <paramref name="create"/>.</summary>
    public static string? Visitor(HttpContext http, bool create)
    {
        if (http.Request.Cookies.TryGetValue(VisitorCookie, out var token) && token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower))
        {
            return "v:" + token;
        }
        if (!create)
        {
            return null;
        }
        token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(VisitorCookie, token, new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromHours(2),
        });
        return "v:" + token;
    }
}

/// <summary>A number held for someone, with the time its hold ends.</summary>
public sealed record NumberHold(int Id, string E164, string Country, string City, NumberType Type, NumberPool Pool, DateTime UntilUtc)
{
    public string Display => PhoneDisplay.Format(E164);
    public TimeSpan Left(DateTime nowUtc) => UntilUtc > nowUtc ? UntilUtc - nowUtc : TimeSpan.Zero;
}

/// <summary>Holds numbers while someone chooses (decision 032). A hold is two columns on the number
/// (HeldBy, HeldUntilUtc) taken by one conditional UPDATE (available, in the pool, not held by anyone
/// else now), so of many simultaneous holds of one number exactly one changes the row. A holder has
/// at most one hold: taking a new one lets the old one go. Holds end by themselves: every read asks
/// HeldUntilUtc &gt; now, and <see cref="NumberHoldCleanupJob"/> clears the columns of expired ones.</summary>
public sealed class NumberHolds(PortalDbContext db, TimeProvider clock, IOptions<NumberSearchOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public TimeSpan Length => TimeSpan.FromMinutes(Math.Max(1, options.Value.HoldMinutes));

    /// <summary>Holds the number for <paramref name="holder"/> if it is available in <paramref name="pool"/>
    /// and <paramref name="allowed"/> countries, and nobody else holds it. Returns the hold or a refusal.</summary>
    public async Task<FormResult<NumberHold>> HoldAsync(string holder, int numberId, NumberPool pool, Func<string, bool> allowed, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.AsNoTracking().Where(n => n.Id == numberId)
            .Select(n => new { n.Country, n.Pool, n.Status }).SingleOrDefaultAsync(ct);
        if (number is null || number.Pool != pool)
        {
            return FormResult<NumberHold>.Missing();
        }
        if (!allowed(number.Country))
        {
            return FormResult<NumberHold>.Refused("Number", t["Numbers in other countries (virtual offices) come with a paid plan."]);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Length;
        var taken = await db.PhoneNumbers
            .Where(n => n.Id == numberId && n.Pool == pool && n.Status == NumberStatus.Available
                && (n.HeldUntilUtc == null || n.HeldUntilUtc <= now || n.HeldBy == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.HeldBy, holder).SetProperty(n => n.HeldUntilUtc, until), ct);
        if (taken != 1)
        {
            return FormResult<NumberHold>.Refused("Number", t["Someone else has just chosen this number. Choose another one."]);
        }
        // One hold per holder: the previous choice goes back to the others.
        await db.PhoneNumbers.Where(n => n.HeldBy == holder && n.Id != numberId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.HeldBy, (string?)null).SetProperty(n => n.HeldUntilUtc, (DateTime?)null), ct);
        var hold = await CurrentAsync(holder, ct);
        return hold is null
            ? FormResult<NumberHold>.Refused("Number", t["Someone else has just chosen this number. Choose another one."])
            : FormResult<NumberHold>.Ok(hold, t["{0} is yours for {1} minutes.", hold.Display, (int)Length.TotalMinutes]);
    }

    /// <summary>The holder's current hold, if it has not ended.</summary>
    public async Task<NumberHold?> CurrentAsync(string? holder, CancellationToken ct)
    {
        if (holder is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.PhoneNumbers.AsNoTracking()
            .Where(n => n.HeldBy == holder && n.HeldUntilUtc > now && n.Status == NumberStatus.Available)
            .OrderByDescending(n => n.HeldUntilUtc)
            .Select(n => new NumberHold(n.Id, n.E164, n.Country, n.City, n.Type, n.Pool, n.HeldUntilUtc!.Value))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Lets the holder's hold go at once.</summary>
    public Task<int> ReleaseAsync(string holder, CancellationToken ct) =>
        db.PhoneNumbers.Where(n => n.HeldBy == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.HeldBy, (string?)null).SetProperty(n => n.HeldUntilUtc, (DateTime?)null), ct);

    /// <summary>Moves a live hold to another holder (a visitor's to their trial signup), keeping its end.</summary>
    public Task<int> TransferAsync(string from, string to, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.PhoneNumbers.Where(n => n.HeldBy == from && n.HeldUntilUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.HeldBy, to), ct);
    }

    /// <summary>Assigns the holder's held number to the tenant, if the hold is still live: the same kind of
    /// conditional UPDATE, so a hold that ended (and may be someone else's now) is never taken.</summary>
    public async Task<PhoneNumber?> TakeHeldAsync(string holder, Guid tenantId, NumberPool pool, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = await db.PhoneNumbers.AsNoTracking()
            .Where(n => n.HeldBy == holder && n.HeldUntilUtc > now && n.Status == NumberStatus.Available && n.Pool == pool)
            .Select(n => (int?)n.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }
        var taken = await db.PhoneNumbers
            .Where(n => n.Id == id && n.HeldBy == holder && n.HeldUntilUtc > now && n.Status == NumberStatus.Available)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Status, NumberStatus.Assigned)
                .SetProperty(n => n.TenantId, tenantId)
                .SetProperty(n => n.AssignedAtUtc, now)
                .SetProperty(n => n.HeldBy, (string?)null)
                .SetProperty(n => n.HeldUntilUtc, (DateTime?)null), ct);
        return taken == 1 ? await db.PhoneNumbers.AsNoTracking().SingleAsync(n => n.Id == id, ct) : null;
    }
}

/// <summary>Clears the columns of holds that have ended. Holds already end by the time condition in
/// every query; this only tidies, so running it twice or late changes nothing.</summary>
public sealed class NumberHoldCleanupJob(PortalDbContext db, TimeProvider clock, ILogger<NumberHoldCleanupJob> log)
{
    public const string Id = "number-hold-cleanup";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cleared = await db.PhoneNumbers.Where(n => n.HeldUntilUtc != null && n.HeldUntilUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.HeldBy, (string?)null).SetProperty(n => n.HeldUntilUtc, (DateTime?)null), ct);
        if (cleared > 0)
        {
            log.LogInformation("Cleared {Count} expired number holds", cleared);
        }
        return cleared;
    }
}
