using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;

namespace UcPortal.Web.Features.Account;

/// <summary>AuthorizationPolicies.TenantMember (anyone of a tenant) or TenantManager (its owners and admins).</summary>
public sealed record TenantRoleRequirement(bool ManagersOnly) : IAuthorizationRequirement;

public sealed class TenantRoleHandler(CurrentTenant current) : AuthorizationHandler<TenantRoleRequirement>
{
    public const string NoTenant = "The signed-in user has no tenant.";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var caller = await current.GetAsync();
        if (caller is null)
        {
            context.Fail(new AuthorizationFailureReason(this, NoTenant));
        }
        else if (caller.CanManage || !requirement.ManagersOnly)
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>A signed-in user without a tenant (staff, a trial still being set up) opening a tenant page
/// goes to the dashboard, which shows them where they belong; a fetch or a form post gets a 404.
/// A staff member without a second factor opening a staff page goes to the enrolment page (a post
/// gets a 403); one whose account changed since they signed in (role, 2FA reset, removal) is signed
/// out and asked to log in again. A member on an owners' page is forbidden as usual.</summary>
public sealed class TenantAccessResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var reasons = result.Forbidden ? result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [] : [];
        var isPageVisit = HttpMethods.IsGet(context.Request.Method) && !context.Request.Headers.ContainsKey("HX-Request");
        var here = Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString);
        if (reasons.Contains(TenantRoleHandler.NoTenant))
        {
            if (isPageVisit)
            {
                context.Response.Redirect("/dashboard");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            return;
        }
        if (reasons.Contains(StaffAccessHandler.StaleSession))
        {
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            if (isPageVisit)
            {
                context.Response.Redirect("/account/login?ReturnUrl=" + here);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            return;
        }
        if (reasons.Contains(StaffAccessHandler.NeedsTwoFactor))
        {
            if (isPageVisit)
            {
                context.Response.Redirect("/account/two-factor?returnUrl=" + here);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
