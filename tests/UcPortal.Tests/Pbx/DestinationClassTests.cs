using UcPortal.Data.Entities;
using UcPortal.Web.Features.Pbx.Routing;
using Xunit.Abstractions;

namespace UcPortal.Tests.Pbx;

public sealed class DestinationClassTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("US", "+12125550123", DestinationClass.DomesticFixed)]
    [InlineData("US", "+18765550123", DestinationClass.International)] // Jamaica
    [InlineData("US", "+18095550123", DestinationClass.International)] // Dominican Republic
    [InlineData("US", "+14165550123", DestinationClass.International)] // Canada
    [InlineData("US", "+19005550123", DestinationClass.PremiumRate)]
    [InlineData("US", "+18005550123", DestinationClass.TollFree)]
    [InlineData("CA", "+18005550123", DestinationClass.TollFree)]
    [InlineData("CA", "+12125550123", DestinationClass.International)]
    [InlineData("US", "+88216000123", DestinationClass.Satellite)]
    [InlineData("US", "+881612345678", DestinationClass.Satellite)]
    [InlineData("US", "+870773111632", DestinationClass.Satellite)]
    [InlineData("US", "+447911123456", DestinationClass.International)]
    [InlineData("GB", "+447400123456", DestinationClass.DomesticMobile)]
    [InlineData("GB", "+442071234567", DestinationClass.DomesticFixed)]
    [InlineData("GB", "+449098790123", DestinationClass.PremiumRate)]
    [InlineData("GB", "+448001234567", DestinationClass.TollFree)]
    [InlineData("US", "+449098790123", DestinationClass.PremiumRate)]
    public void ANumber_HasTheClassSeenFromTheTenantsCountry(string country, string number, DestinationClass expected)
    {
        Assert.Equal(expected, DestinationClasses.Classify(number, country));
    }

    [Theory]
    [InlineData("US", "+12125550123", DestinationClass.DomesticFixed)]
    [InlineData("US", "+18765550123", DestinationClass.International)]
    [InlineData("US", "+19005550123", DestinationClass.PremiumRate)]
    [InlineData("US", "+18005550123", DestinationClass.TollFree)]
    [InlineData("US", "+88216000123", DestinationClass.Satellite)]
    [InlineData("US", "+447911123456", DestinationClass.International)]
    [InlineData("GB", "+447400123456", DestinationClass.DomesticMobile)]
    [InlineData("GB", "+442071234567", DestinationClass.DomesticFixed)]
    [InlineData("GB", "+449098790123", DestinationClass.PremiumRate)]
    [InlineData("GB", "+12125550123", DestinationClass.International)]
    public void TheSipCoresPrefixTable_GivesTheSameClass_LongestPrefixWins(string country, string number, DestinationClass expected)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rules = DestinationClasses.RulesFor(country);
        output.WriteLine($"{watch.ElapsedMilliseconds} ms");
        output.WriteLine(string.Join(" ", rules.Select(r => r.Prefix + "=" + DestinationClasses.SipName(r.Class))));
        output.WriteLine($"{country}: {rules.Count} rules");
        var digits = number.TrimStart('+');
        var match = rules.Where(r => digits.StartsWith(r.Prefix, StringComparison.Ordinal)).OrderByDescending(r => r.Prefix.Length).Select(r => (DestinationClass?)r.Class).FirstOrDefault()
            ?? DestinationClass.International;
        Assert.Equal(expected, match);
    }
}
