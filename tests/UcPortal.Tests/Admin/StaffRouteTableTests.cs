using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Account;

namespace UcPortal.Tests.Admin;

/// <summary>Every route under /admin, read from the app's route table (so a new one cannot slip
/// through): it carries a staff policy, refuses anonymous visitors and customers, sends a staff
/// member without two-factor authentication to enrolment (a post gets 403), and refuses Support on
/// the Admin-only ones.</summary>
public abstract partial class StaffRouteTableTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private sealed record AdminRoute(string Method, string Pattern, string Policy)
    {
        public override string ToString() => $"{Method} /{Pattern} ({Policy})";
    }

    private List<AdminRoute> AdminRoutes()
    {
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("admin", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        var routes = new List<AdminRoute>();
        foreach (var endpoint in endpoints)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
            // Hangfire's dashboard answers any method; it is asked with GET.
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var policy = policies.Contains(AuthorizationPolicies.Admin) ? AuthorizationPolicies.Admin
                : policies.Contains(AuthorizationPolicies.Staff) ? AuthorizationPolicies.Staff : "none";
            routes.AddRange(methods.Select(m => new AdminRoute(m, endpoint.RoutePattern.RawText!.TrimStart('/'), policy)));
        }
        return routes;
    }

    private static string Url(AdminRoute route, Guid tenantId, string userId) =>
        "/" + ParameterPattern().Replace(route.Pattern, m => m.Groups[1].Value switch
        {
            // An integer id (a rate, a ticket): any number reaches the action, existing or not.
            _ when m.Value.Contains(":int", StringComparison.Ordinal) => "1",
            "id" => tenantId.ToString(),
            // Another guid (an email, an extension of the tenant): any guid reaches the action.
            _ when m.Value.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            "userId" => userId,
            "path" => "",
            // A help article's translation (decision 036): the one culture the route accepts.
            "culture" => "zh-CN",
            var other => other,
        });

    private async Task<HttpResponseMessage> SendAsync(PortalBrowser browser, AdminRoute route, Guid tenantId, string userId) =>
        await browser.Http.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), Url(route, tenantId, userId))
        {
            Content = route.Method == "GET" ? null : new FormUrlEncodedContent([]),
        });

    [Fact]
    public void EveryAdminRoute_CarriesTheStaffOrTheAdminPolicy()
    {
        var routes = AdminRoutes();

        Assert.True(routes.Count >= 12, "The route table lists only: " + string.Join(", ", routes));
        Assert.All(routes, r => Assert.NotEqual("none", r.Policy));
        Assert.Contains(routes, r => r.Pattern.StartsWith("admin/staff", StringComparison.Ordinal) && r.Policy == AuthorizationPolicies.Admin);
        Assert.Contains(routes, r => r.Pattern.StartsWith("admin/audit", StringComparison.Ordinal) && r.Policy == AuthorizationPolicies.Staff);
    }

    [Fact]
    public async Task EveryAdminRoute_SendsAStaffMemberWithoutTwoFactorToEnrolment_UntilEnrolled()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = await Staff.CreateAsync(portal, StaffRoles.Admin, enrolled: false);
        var userId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);

        foreach (var route in AdminRoutes())
        {
            var response = await SendAsync(browser, route, owner.TenantId, userId);
            if (route.Method == "GET")
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route} answered {(int)response.StatusCode}");
                Assert.StartsWith("/account/two-factor?returnUrl=", response.Headers.Location!.OriginalString);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} answered {(int)response.StatusCode}");
            }
        }
        Assert.Equal(TenantStatus.Trial, await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.Status).SingleAsync()));

        // Enrolled, the same session opens the staff area.
        var enrolment = await browser.GetPageAsync("/account/two-factor?returnUrl=%2Fadmin");
        var key = SharedKeyPattern().Match(enrolment).Groups[1].Value;
        var enabled = await browser.SubmitAsync("/account/two-factor", "/account/two-factor/enable", [new("Code", Totp.Code(key)), new("ReturnUrl", "/admin")]);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/staff")).StatusCode);
    }

    [Fact]
    public async Task EveryAdminOnlyRoute_RefusesSupport()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);

        var adminOnly = AdminRoutes().Where(r => r.Policy == AuthorizationPolicies.Admin).ToList();
        Assert.NotEmpty(adminOnly);
        foreach (var route in adminOnly)
        {
            var response = await SendAsync(browser, route, owner.TenantId, "someone");
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route} answered {(int)response.StatusCode}");
            Assert.Contains("/account/access-denied", response.Headers.Location!.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task EveryAdminRoute_RefusesAnonymousVisitorsAndCustomers()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var anonymous = portal.CreateBrowser();

        foreach (var route in AdminRoutes())
        {
            var asAnonymous = await SendAsync(anonymous, route, owner.TenantId, "someone");
            var asCustomer = await SendAsync(owner.Browser, route, owner.TenantId, "someone");
            Assert.True(asAnonymous.StatusCode == HttpStatusCode.Redirect, $"{route} answered {(int)asAnonymous.StatusCode} to an anonymous visitor");
            Assert.Contains("/account/login", asAnonymous.Headers.Location!.ToString());
            Assert.True(asCustomer.StatusCode == HttpStatusCode.Redirect, $"{route} answered {(int)asCustomer.StatusCode} to a customer");
            Assert.Contains("/account/access-denied", asCustomer.Headers.Location!.ToString());
        }
    }

    [GeneratedRegex(@"\{\**(\w+)[^}]*\}")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("id=\"shared-key\">([^<]+)<")]
    internal static partial Regex SharedKeyPattern();
}

public sealed class StaffRouteTableTestsOnSqlite(SqlitePortal portal) : StaffRouteTableTests<SqlitePortal>(portal);

public sealed class StaffRouteTableTestsOnPostgres(PostgresPortal portal) : StaffRouteTableTests<PostgresPortal>(portal);
