using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.SipCore.Tests;

/// <summary>The portal's table of emergency numbers (libphonenumber's data) and what it pushes for a
/// tenant whose own extensions share digits with a national emergency number.</summary>
public sealed class EmergencyNumberTableTests
{
    [Theory]
    [InlineData("US", "911")]
    [InlineData("CA", "911")]
    [InlineData("GB", "999,112")]
    [InlineData("IE", "999,112")]
    [InlineData("DE", "112,110")]
    [InlineData("FR", "112,15,17,18")]
    [InlineData("AU", "000,112")]
    [InlineData("NZ", "111")]
    [InlineData("CN", "110,119,120")]
    public void TheCountrysEmergencyNumbers_AreInTheTable(string country, string numbers)
    {
        var table = EmergencyNumbers.OfCountry(country);

        Assert.All(numbers.Split(','), n => Assert.Contains(n, table));
    }

    [Fact]
    public void EveryCountryWeSellIn_HasOneOfTheUniversalNumbers()
    {
        foreach (var (code, _) in UcPortal.Web.Features.Trials.SignupCountries.All)
        {
            var table = EmergencyNumbers.OfCountry(code);
            Assert.True(table.Intersect(["112", "911", "999", "000", "111"]).Any(), $"{code}: {string.Join(',', table)}");
        }
    }

    [Fact]
    public void ABelgianTrialsDefaultExtensions_StayExtensions_And112StaysAnEmergencyNumber()
    {
        // Belgium's 100 and 101 are national emergency numbers and a trial's first extensions.
        Assert.Equal(["100", "101", "112"], EmergencyNumbers.OfCountry("BE"));

        Assert.Equal(["112"], EmergencyNumbers.ForTenant("BE", ["100", "101", "102"]));
    }

    [Fact]
    public void AnExtensionNamedLikeTheUniversalNumber_DoesNotTakeItAway()
    {
        Assert.Contains("112", EmergencyNumbers.ForTenant("DE", ["112", "110"]));
        Assert.DoesNotContain("110", EmergencyNumbers.ForTenant("DE", ["112", "110"]));
        Assert.Contains("999", EmergencyNumbers.ForTenant("GB", ["999"]));
        // China has no single number: its three stay whatever the tenant's extensions are.
        Assert.Equal(["110", "119", "120"], EmergencyNumbers.ForTenant("CN", ["110", "119", "120"]));
    }

    [Fact]
    public void AnUnknownCountry_HasNoNumbers()
    {
        Assert.Empty(EmergencyNumbers.OfCountry("XX"));
    }
}
