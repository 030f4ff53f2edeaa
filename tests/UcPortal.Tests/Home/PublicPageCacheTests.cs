using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Home;

/// <summary>The anonymous marketing pages come from the output cache (decision 029): a change
/// written behind EF Core's back is not seen (so the page really is cached), a change saved through
/// the portal is seen on the very next request, signed-in visitors never get the anonymous copy and
/// no cached page carries a cookie or an antiforgery token.</summary>
public sealed class PublicPageCacheTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    private static async Task<string> PublicPlanCodeAsync(PortalFactory portal) =>
        await portal.WithDbAsync(db => db.Plans.Where(p => p.IsPublic && p.RetiredAtUtc == null).OrderBy(p => p.SortOrder).Select(p => p.Code).FirstAsync());

    [Theory]
    [InlineData("/pricing")]
    [InlineData("/")]
    public async Task APlanChangeSavedThroughThePortal_IsOnTheNextAnonymousPage_ThoughThePageIsCached(string path)
    {
        var code = await PublicPlanCodeAsync(portal);
        using var visitor = portal.CreateBrowser();
        var before = await visitor.GetPageAsync(path);

        // Behind EF Core's back: the cached copy does not see it.
        var behindTheBack = "Tagline written behind the cache " + Guid.NewGuid().ToString("N")[..8];
        await portal.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Plans SET Tagline = {behindTheBack} WHERE Code = {code}"));
        Assert.DoesNotContain(behindTheBack, await visitor.GetPageAsync(path));

        // Saved through the portal's DbContext (as the staff plan editor and the plan sync do).
        var saved = "Tagline saved by staff " + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = portal.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var plan = await db.Plans.SingleAsync(p => p.Code == code);
            plan.Tagline = saved;
            await scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>().CommitAsync(CancellationToken.None);
        }
        Assert.Contains(saved, await visitor.GetPageAsync(path));
        Assert.Contains(saved, await portal.CreateBrowser().GetPageAsync(path == "/" ? "/pricing" : "/"));
        Assert.NotEqual(before, await visitor.GetPageAsync(path));
    }

    [Fact]
    public async Task APublishedHelpArticle_IsInTheCachedHelpCentreAtOnce()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var staff = portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);
        using var visitor = portal.CreateBrowser();
        Assert.Contains("Help centre", await visitor.GetPageAsync("/help"), StringComparison.OrdinalIgnoreCase);

        var slug = "cache-check-" + Guid.NewGuid().ToString("N")[..6];
        var categoryId = await portal.WithDbAsync(db => db.HelpCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).FirstAsync());
        var created = await staff.SubmitAsync("/admin/help/new", "/admin/help/new",
        [
            new("Form.Title", "Cache check article"), new("Form.Slug", slug), new("Form.CategoryId", categoryId.ToString()),
            new("Form.Summary", "Shows up at once."), new("Form.SortOrder", "10"), new("Form.Markdown", "First text."),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await portal.WithDbAsync(db => db.HelpArticles.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());
        await staff.PostWithTokenAsync($"/admin/help/{id}", $"/admin/help/{id}/publish");

        Assert.Contains($"href=\"/help/{slug}\"", await visitor.GetPageAsync("/help"));
        Assert.Contains("First text.", await visitor.GetPageAsync($"/help/{slug}"));

        await staff.PostWithTokenAsync($"/admin/help/{id}", $"/admin/help/{id}/unpublish");
        Assert.DoesNotContain($"href=\"/help/{slug}\"", await visitor.GetPageAsync("/help"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/help/{slug}")).StatusCode);
    }

    [Fact]
    public async Task ASignedInCustomer_GetsTheirOwnPage_NotTheAnonymousCopy_AndTheAnonymousCopyHasNoCookieOrToken()
    {
        using var visitor = portal.CreateBrowser();
        await visitor.GetPageAsync("/pricing");
        var second = await visitor.GetAsync("/pricing");
        var anonymous = await second.Content.ReadAsStringAsync();
        Assert.False(second.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("__RequestVerificationToken", anonymous);
        Assert.DoesNotContain("csrf-token", anonymous);

        using var owner = await TenantOwner.CreateAsync(portal);
        var signedIn = await owner.Browser.GetPageAsync("/pricing");
        Assert.Contains(owner.Email, signedIn, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(owner.Email, await visitor.GetPageAsync("/pricing"), StringComparison.OrdinalIgnoreCase);
    }
}
