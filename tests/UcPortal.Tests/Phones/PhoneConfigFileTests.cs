using System.Xml.Linq;
using Xunit.Abstractions;
using UcPortal.Web.Features.Phones;

namespace UcPortal.Tests.Phones;

/// <summary>The two vendors' file formats, built from a known configuration.</summary>
public sealed class PhoneConfigFileTests(ITestOutputHelper output)
{
    private static PhoneConfig Config(string model, string timeZone = "Europe/London") => new(
        "001565ABCDEF", DeskPhoneModels.Find(model)!, "acme-7k2f.sip.ucportal.test", "proxy.ucportal.test", timeZone,
        [
            new ProvisionedAccount(1, "100 Reception", "Reception", "acme100", "pw-one"),
            new ProvisionedAccount(2, "101 Line\ninjected = 1", "Sales", "acme101", "pw-two"),
        ]);

    [Fact]
    public void TheYealinkFile_SetsEachAssignedLine_TurnsTheOthersOff_AndCannotBeInjectedThroughALabel()
    {
        var file = YealinkConfigFile.Build(Config("yealink-t33g"));
        output.WriteLine(file);

        Assert.StartsWith("#!version:1.0.0.1\n", file);
        Assert.Contains("account.2.user_name = acme101\n", file);
        Assert.Contains("account.2.password = pw-two\n", file);
        Assert.Contains("account.2.label = 101 Line injected = 1\n", file);
        Assert.DoesNotContain("\ninjected", file);
        Assert.Contains("account.3.enable = 0\n", file);
        Assert.Contains("account.4.enable = 0\n", file);
        Assert.DoesNotContain("account.5.", file);
        Assert.Contains("local_time.time_zone = 0\n", file);
        Assert.Contains("local_time.time_zone_name = United Kingdom(London)\n", file);
    }

    [Theory]
    [InlineData("Europe/Berlin", "+1")]
    [InlineData("America/New_York", "-5")]
    [InlineData("Australia/Sydney", "+10")]
    public void TheYealinkFile_UsesTheTenantsStandardOffset(string zone, string offset) =>
        Assert.Contains($"local_time.time_zone = {offset}\n", YealinkConfigFile.Build(Config("yealink-t31p", zone)));

    [Fact]
    public void TheGrandstreamFile_UsesTheSecondAccountsPValues_AndSwitchesOffTheRest()
    {
        var text = GrandstreamConfigFile.Build(Config("grandstream-grp2615"));
        output.WriteLine(text);
        var config = XDocument.Parse(text).Root!.Element("config")!;

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text);
        Assert.Equal(("1", "acme-7k2f.sip.ucportal.test", "proxy.ucportal.test", "acme101", "acme101", "pw-two", "Sales"),
            (config.Element("P401")!.Value, config.Element("P402")!.Value, config.Element("P403")!.Value, config.Element("P404")!.Value,
             config.Element("P405")!.Value, config.Element("P406")!.Value, config.Element("P407")!.Value));
        Assert.Equal("101 Line injected = 1", config.Element("P417")!.Value);
        Assert.Equal("0", config.Element("P501")!.Value);
        Assert.Equal("0", config.Element("P601")!.Value);
        Assert.Equal("0", config.Element("P1701")!.Value);
        Assert.Null(config.Element("P1801"));
    }
}
