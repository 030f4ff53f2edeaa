using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;

namespace UcPortal.Web.Features.CustomerCare;

/// <summary>A staff member looking at the portal as one tenant's owner sees it. Set on the request by
/// <see cref="ViewAsCustomerMiddleware"/>; <c>CurrentTenant</c> then answers with that tenant, and the
/// layout shows the banner.</summary>
public sealed record ViewAsSession(Guid TenantId, string TenantName, string StaffEmail, DateTime ExpiresAtUtc);

/// <summary>"View as customer": read-only impersonation for support. Started and stopped from the
/// staff tenant page, each audited. The session is a cookie protected with Data Protection, bound to
/// the staff member's user id and valid for <see cref="Lifetime"/>; it counts only while that person is
/// signed in as staff with their second factor. While it is on, every request that is not a GET, HEAD
/// or OPTIONS is refused with 403 (except stopping it), so nothing can change through the customer's
/// pages, the staff pages, billing or htmx posts, whatever a page offers.</summary>
public sealed class ViewAsCustomer(IDataProtectionProvider protection, PortalDbContext db, StaffAudit audit, PortalUnitOfWork unitOfWork, TimeProvider clock)
{
    public const string CookieName = "ucportal.view-as";
    public const string StopPath = "/admin/view-as/stop";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly IDataProtector _protector = protection.CreateProtector("UcPortal.ViewAsCustomer.v1");

    public async Task<FormResult> StartAsync(HttpContext http, Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        if (!await db.Users.AnyAsync(u => u.TenantId == tenantId && u.TenantRole == TenantRole.Owner, ct))
        {
            return FormResult.Refused("", "Nothing changed: the account has no owner to view as.");
        }
        var staffId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var expires = clock.GetUtcNow().UtcDateTime.Add(Lifetime);
        audit.Record(AuditActions.ViewAsCustomerStarted, tenant.Id, tenant.Name, $"Read-only, until {expires:HH:mm} UTC at the latest.");
        await unitOfWork.CommitAsync(ct);
        var value = _protector.Protect(string.Join('|', staffId, tenantId.ToString("N"), expires.Ticks.ToString(CultureInfo.InvariantCulture)));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, IsEssential = true, Path = "/",
            Expires = new DateTimeOffset(expires, TimeSpan.Zero),
        });
        return FormResult.Ok($"You are viewing the portal as {tenant.Name} sees it, read-only.");
    }

    /// <summary>Ends the session (if any) and returns the tenant it was about.</summary>
    public async Task<Guid?> StopAsync(HttpContext http, CancellationToken ct)
    {
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict });
        if (http.Features.Get<ViewAsSession>() is not { } session)
        {
            return null;
        }
        audit.Record(AuditActions.ViewAsCustomerStopped, session.TenantId, session.TenantName, null);
        await unitOfWork.CommitAsync(ct);
        return session.TenantId;
    }

    /// <summary>The session in the request's cookie, if it is this staff member's and has not expired.</summary>
    public async Task<ViewAsSession?> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        string[] parts;
        try
        {
            parts = _protector.Unprotect(value).Split('|');
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        if (parts.Length != 3 || parts[0] != http.User.FindFirstValue(ClaimTypes.NameIdentifier)
            || !Guid.TryParseExact(parts[1], "N", out var tenantId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || new DateTime(ticks, DateTimeKind.Utc) <= clock.GetUtcNow().UtcDateTime)
        {
            return null;
        }
        var name = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        return name is null ? null : new ViewAsSession(tenantId, name, http.User.FindFirstValue(ClaimTypes.Email) ?? "", new DateTime(ticks, DateTimeKind.Utc));
    }
}

/// <summary>Turns a valid view-as cookie into a <see cref="ViewAsSession"/> on the request and refuses
/// every request that could change data while it is on. Runs after authentication, before authorization.</summary>
public sealed class ViewAsCustomerMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ViewAsCustomer viewAs, CurrentStaff staff)
    {
        if (!context.Request.Cookies.ContainsKey(ViewAsCustomer.CookieName) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var ct = context.RequestAborted;
        var session = await staff.GetAsync(ct) is { TwoFactorEnabled: true } && StaffAccessHandler.SignedInWithSecondFactor(context.User)
            ? await viewAs.ReadAsync(context, ct)
            : null;
        if (session is null)
        {
            // Expired, someone else's, or no longer staff: forget it.
            context.Response.Cookies.Delete(ViewAsCustomer.CookieName, new CookieOptions { Path = "/" });
            await next(context);
            return;
        }
        context.Features.Set(session);
        var method = context.Request.Method;
        var reads = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        if (!reads && !(HttpMethods.IsPost(method) && context.Request.Path.Equals(ViewAsCustomer.StopPath, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Read-only: you are viewing the portal as {session.TenantName}. Nothing can be changed until you stop viewing as the customer.", ct);
            return;
        }
        await next(context);
    }
}
