using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

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
/// A member on an owners' page is forbidden as usual.</summary>
public sealed class TenantAccessResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && result.AuthorizationFailure?.FailureReasons.Any(r => r.Message == TenantRoleHandler.NoTenant) == true)
        {
            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Headers.ContainsKey("HX-Request"))
            {
                context.Response.Redirect("/dashboard");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, result);
    }
}
