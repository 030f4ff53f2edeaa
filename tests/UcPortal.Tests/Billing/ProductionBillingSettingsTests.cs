using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Phones;
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
        portal.Settings["DataProtection:AllowUnencryptedKeys"] = "true";
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

    [Fact]
    public async Task Production_WithTestModeOn_ShowsABannerOnEveryPage_AndWarnsAtStart()
    {
        using var portal = new LogCapturingPortal { Environment = "Production" };
        portal.Settings["Email:UseLocalMailbox"] = "true";
        portal.Settings["Billing:TestMode"] = "true";
        portal.Settings["DataProtection:AllowUnencryptedKeys"] = "true";
        portal.Settings["Sms:UseLocalOutbox"] = "true";
        using var client = portal.CreateClient();

        foreach (var path in new[] { "/", "/pricing", "/help", "/trial", "/account/login", "/no/such/page" })
        {
            var html = await client.GetAsync(path) is var r ? await r.Content.ReadAsStringAsync() : "";
            Assert.Contains("id=\"test-mode-banner\"", html);
            Assert.Contains("nobody is charged", html);
        }
        Assert.Single(portal.Lines, l => l.StartsWith("UcPortal.Web.Features.Billing.TestModeStartupWarning ", StringComparison.Ordinal)
            && l.Contains("Billing:TestMode is on in Production"));
    }

    [Fact]
    public async Task Production_WithStripe_ShowsNoTestModeBanner()
    {
        using var portal = ProductionPortal(("Stripe:SecretKey", "sk_test_x"), ("Stripe:WebhookSecret", "whsec_x"));
        using var client = portal.CreateClient();

        Assert.DoesNotContain("test-mode-banner", await client.GetStringAsync("/"));
    }
}
