using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Billing;

/// <summary>A portal whose payment provider is Stripe, reached at a local fake of Stripe's API.</summary>
public class StripePortal<TPortal> : IAsyncLifetime where TPortal : PortalFactory, new()
{
    public StripePortal() => StripeApi.Configure(Portal);

    public FakeStripeServer StripeApi { get; } = new();

    public TPortal Portal { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Portal.Dispose();
        StripeApi.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A Stripe portal whose plans are already synced to the fake Stripe, ready to sell.</summary>
public class SyncedStripePortal<TPortal> : StripePortal<TPortal> where TPortal : PortalFactory, new()
{
    public override async Task InitializeAsync()
    {
        await using var scope = Portal.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<SyncPlans>().RunAsync(CancellationToken.None);
        Assert.True(result.Synced, result.Message);
    }

    public Task<Plan> PlanAsync(string code) => Portal.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Code == code));

    public Task<Tenant> TenantAsync(Guid id) => Portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == id));

    public async Task<FormResult<string>> StartCheckoutAsync(TenantOwner owner, string planCode, int extraNumbers, string nonce)
    {
        await using var scope = Portal.Scope();
        return await scope.ServiceProvider.GetRequiredService<StartCheckout>()
            .RunAsync(owner.TenantId, owner.Email, planCode, extraNumbers, nonce, CancellationToken.None);
    }

    /// <summary>The trial owner upgrades and pays on Stripe's page; returns the completed session
    /// (as Stripe would put it in checkout.session.completed).</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> UpgradeAndPayAsync(TenantOwner owner, string planCode, int extraNumbers = 0)
    {
        var started = await StartCheckoutAsync(owner, planCode, extraNumbers, Guid.NewGuid().ToString("N"));
        Assert.NotNull(started.Value);
        var sessionId = await Portal.WithDbAsync(db => db.BillingCheckouts.Where(c => c.TenantId == owner.TenantId && c.Url == started.Value)
            .Select(c => c.ProviderSessionId!).SingleAsync());
        return StripeApi.CompleteCheckout(sessionId);
    }

    /// <summary>Posts a signed event to /webhooks/stripe.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string Body)> DeliverAsync(string eventJson, string secret = FakeStripeServer.WebhookSecret, DateTimeOffset? signedAt = null)
    {
        using var client = Portal.CreateClient();
        using var response = await client.SendAsync(FakeStripeServer.SignedWebhook(eventJson, secret, signedAt));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteStripePortal : StripePortal<SqlitePortal>;

public sealed class PostgresStripePortal : StripePortal<PostgresPortal>;

public sealed class SqliteSyncedStripePortal : SyncedStripePortal<SqlitePortal>;

public sealed class PostgresSyncedStripePortal : SyncedStripePortal<PostgresPortal>;
