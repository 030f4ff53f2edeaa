using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;

namespace UcPortal.Tests.Billing;

/// <summary>Production never falls back to test-mode payments by accident.</summary>
public sealed class ProductionBillingSettingsTests
{
    private static SqlitePortal ProductionPortal(params (string Key, string Value)[] settings)
    {
        var portal = new SqlitePortal { Environment = "Production" };
        // Email and SMS have their own production checks; these tests are about billing.
        portal.Settings["Email:UseLocalMailbox"] = "true";
        portal.Settings["Sms:UseLocalOutbox"] = "true";
        foreach (var (key, value) in settings)
        {
            portal.Settings[key] = value;
        }
        return portal;
    }

    [Fact]
    public void Production_WithoutStripeKeys_RefusesToStart_AndSaysWhatToSet()
    {
        using var portal = ProductionPortal();

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Stripe:SecretKey", error.Message);
        Assert.Contains("Billing:TestMode=true", error.Message);
    }

    [Fact]
    public void Production_WithAStripeKeyButNoWebhookSecret_RefusesToStart()
    {
        using var portal = ProductionPortal(("Stripe:SecretKey", "sk_test_x"));

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Stripe:WebhookSecret", error.Message);
    }

    [Fact]
    public async Task Production_WithTestModeExplicitlyOn_StartsWithTheTestModeProvider()
    {
        using var portal = ProductionPortal(("Billing:TestMode", "true"));

        await using var scope = portal.Scope();
        var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();

        Assert.True(provider.IsTestMode);
        Assert.Equal("test", provider.Name);
    }

    [Fact]
    public async Task Production_WithStripeKeys_UsesStripe()
    {
        using var portal = ProductionPortal(("Stripe:SecretKey", "sk_test_x"), ("Stripe:WebhookSecret", "whsec_x"));

        await using var scope = portal.Scope();
        var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();

        Assert.False(provider.IsTestMode);
        Assert.Equal("stripe", provider.Name);
    }
}
