using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>With a SIP core connected, every change shows pending, applied or failed — retrying.</summary>
public sealed class ChangesPageTests(SqlitePortalWithSipCore portal) : IClassFixture<SqlitePortalWithSipCore>
{
    private async Task<PbxTenant> TenantWithOneChangeAsync()
    {
        var tenant = await PbxTenants.CreateAsync(portal);
        var response = await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "120"), new("Name", "Warehouse")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return tenant;
    }

    [Fact]
    public async Task ANewChange_IsShownPending_AndThePageKeepsPolling()
    {
        using var tenant = await TenantWithOneChangeAsync();

        var page = await tenant.Owner.GetPageAsync("/pbx/changes");

        Assert.Contains("Extension 120 added", page);
        Assert.Contains("data-state=\"Pending\"", page);
        Assert.Contains("hx-get=\"/pbx/changes/list\" hx-trigger=\"every 2s\"", page);
        Assert.Contains("Changes pending", page);
        Assert.DoesNotContain("No SIP core is connected", page);
    }

    [Fact]
    public async Task AChangeUpToTheAppliedVersion_IsShownApplied_AndPollingStops()
    {
        using var tenant = await TenantWithOneChangeAsync();
        await portal.WithDbAsync(async db =>
        {
            var sync = await db.TenantSyncStates.SingleAsync(s => s.TenantId == tenant.Id);
            sync.AppliedVersion = sync.DesiredVersion;
            sync.AppliedAtUtc = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
            sync.Status = SyncStatus.Applied;
            return await db.SaveChangesAsync();
        });

        var page = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/changes/list"));

        Assert.Contains("data-state=\"Applied\"", page);
        Assert.Contains("applied at 2 Mar 09:30 UTC", page);
        Assert.DoesNotContain("hx-trigger", page);
        Assert.Contains("All changes applied", await tenant.Owner.GetPageAsync("/pbx/extensions"));
    }

    [Fact]
    public async Task AChangeTheSipCoreRefused_IsShownFailedRetrying_WithTheReason()
    {
        using var tenant = await TenantWithOneChangeAsync();
        await portal.WithDbAsync(async db =>
        {
            var sync = await db.TenantSyncStates.SingleAsync(s => s.TenantId == tenant.Id);
            sync.Status = SyncStatus.Retrying;
            sync.FailedAttempts = 2;
            sync.LastError = "The SIP core does not answer.";
            return await db.SaveChangesAsync();
        });

        var page = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/changes"));

        Assert.Contains("failed — retrying: The SIP core does not answer.", page);
        Assert.Contains("Failed — retrying", page);
        Assert.Contains("hx-trigger=\"every 2s\"", page);
    }

    [Fact]
    public async Task AMember_CannotSeeTheChangesPage()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        using var member = await PbxTenants.MemberAsync(portal, tenant.Id, "101");

        var response = await member.GetAsync("/pbx/changes");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", response.Headers.Location?.OriginalString);
    }
}

/// <summary>The embedded default has no SIP core: pages say so plainly instead of "pending" forever.</summary>
public sealed class NoSipCoreTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task WithoutASipCore_EveryPbxPageSaysTheConfigurationIsSavedButNotApplied()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "120"), new("Name", "Warehouse")]);

        var changes = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/changes"));
        var extensions = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/extensions"));

        const string message = "No SIP core is connected: your configuration is saved and checked, and will be applied when one is connected";
        Assert.Contains(message, changes);
        Assert.Contains(message, extensions);
        Assert.Contains("data-state=\"NotConnected\"", changes);
        Assert.DoesNotContain("hx-trigger", changes);
    }
}
