using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Sms;

namespace UcPortal.Tests.Sms;

/// <summary>Production never keeps mobile codes in the portal by accident: no prospect could verify.</summary>
public sealed class ProductionSmsSettingsTests
{
    private static SqlitePortal ProductionPortal(params (string Key, string Value)[] settings)
    {
        var portal = new SqlitePortal { Environment = "Production" };
        // Email and billing have their own production checks; these tests are about SMS.
        portal.Settings["Email:UseLocalMailbox"] = "true";
        portal.Settings["Billing:TestMode"] = "true";
        portal.Settings["DataProtection:AllowUnencryptedKeys"] = "true";
        foreach (var (key, value) in settings)
        {
            portal.Settings[key] = value;
        }
        return portal;
    }

    [Fact]
    public void Production_WithoutTwilioKeys_RefusesToStart_AndSaysWhatToSet()
    {
        using var portal = ProductionPortal();

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Twilio:AccountSid", error.Message);
        Assert.Contains("Sms:UseLocalOutbox=true", error.Message);
    }

    [Fact]
    public void Production_WithTwilioKeysButNoSender_RefusesToStart()
    {
        using var portal = ProductionPortal(("Twilio:AccountSid", "AC1"), ("Twilio:AuthToken", "t"));

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Twilio:From", error.Message);
    }

    [Fact]
    public async Task Production_WithTwilioKeys_SendsThroughTwilio()
    {
        using var portal = ProductionPortal(("Twilio:AccountSid", "AC1"), ("Twilio:AuthToken", "t"), ("Twilio:From", "MG123"));

        await using var scope = portal.Scope();

        Assert.Equal("Twilio", scope.ServiceProvider.GetRequiredService<ISmsSender>().Name);
    }
}
