using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Hosting;

/// <summary>Links in emails come from Portal:PublicBaseUrl; Production does not guess it.</summary>
public sealed class PublicBaseUrlTests
{
    [Fact]
    public void Production_WithoutAPublicBaseUrl_RefusesToStart_AndSaysWhatToSet()
    {
        using var portal = new SqlitePortal { Environment = "Production" };
        portal.Settings["Email:UseLocalMailbox"] = "true";
        portal.Settings["Billing:TestMode"] = "true";
        portal.Settings["DataProtection:AllowUnencryptedKeys"] = "true";
        portal.Settings["Sms:UseLocalOutbox"] = "true";
        portal.Settings["Portal:PublicBaseUrl"] = "";

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Portal:PublicBaseUrl", error.Message);
        Assert.Contains("Host header", error.Message);
    }

    [Theory]
    [InlineData("portal.example.com")]
    [InlineData("ftp://portal.example.com")]
    [InlineData("https://portal.example.com/?x=1")]
    public void APublicBaseUrl_ThatIsNotAnAbsoluteHttpAddress_StopsTheStart(string value)
    {
        using var portal = new SqlitePortal();
        portal.Settings["Portal:PublicBaseUrl"] = value;

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Portal:PublicBaseUrl", error.Message);
    }
}
