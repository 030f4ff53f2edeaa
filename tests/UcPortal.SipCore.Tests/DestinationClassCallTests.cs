using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Destination classes in the SIP core (decision 016): from a US tenant, the Caribbean and
/// other NANP countries are international, +1 900 premium rate and +881/+882/+883 satellite networks;
/// premium and satellite are refused on every plan until staff allow them for the tenant.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class DestinationClassCallTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    // A US Starter tenant: paid, no international calling.
    private static TenantPbxState Starter(string d, string did, bool international = false, bool premium = false) =>
        State(d, [Extension("101", d) with { CallerIdE164 = did }], numbers: [Number(did, new PbxDestination("extension", "101"))],
            international: international, premium: premium);

    [Fact]
    public async Task UsStarterWithoutInternational_IsRefused_Jamaica_Premium_AndSatellite_ButCallsDomesticNumbers()
    {
        var d = NewDomain("dstus");
        var did = NewDid();
        await ApplyAsync(Starter(d, did));
        using (var carrier = TapTheCarrier())
        {
            await CallRefusedAsync("101", d, "+18765550123", "403", "International Calls Not Allowed");
            await CallRefusedAsync("101", d, "+18095550123", "403", "International Calls Not Allowed");
            await CallRefusedAsync("101", d, "+19005550123", "403", "Destination Not Allowed");
            await CallRefusedAsync("101", d, "19005550123", "403", "Destination Not Allowed");
            await CallRefusedAsync("101", d, "+88216000123", "403", "Destination Not Allowed");
            await CallRefusedAsync("101", d, "+881612345678", "403", "Destination Not Allowed");
            await carrier.AssertNothingReachedAsync();
        }

        using var domestic = CarrierExpecting("+12125550111", did);
        await CallAsync("101", d, "+12125550111");
        var reached = await domestic.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    [Fact]
    public async Task PremiumAndSatellite_AreRefused_EvenWithInternationalCalling()
    {
        var d = NewDomain("dstintl");
        await ApplyAsync(Starter(d, NewDid(), international: true));
        using var carrier = TapTheCarrier();

        await CallRefusedAsync("101", d, "+19005550123", "403", "Destination Not Allowed");
        await CallRefusedAsync("101", d, "+88216000123", "403", "Destination Not Allowed");

        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task StarterOnAPlanWithInternational_ReachesJamaica()
    {
        var d = NewDomain("dstjm");
        var did = NewDid();
        await ApplyAsync(Starter(d, did, international: true));
        using var carrier = CarrierExpecting("+18765550123", did);

        await CallAsync("101", d, "+18765550123");

        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    [Fact]
    public async Task Premium_IsReached_OnceStaffAllowItForTheTenant()
    {
        var d = NewDomain("dstprem");
        var did = NewDid();
        await ApplyAsync(Starter(d, did));
        await CallRefusedAsync("101", d, "+19005550123", "403", "Destination Not Allowed");

        // The staff action re-syncs the tenant with premium allowed (an incremental push).
        await ApplyAsync(Starter(d, did, premium: true) with { Version = 2 });
        using var carrier = CarrierExpecting("+19005550123", did);
        await CallAsync("101", d, "+19005550123");

        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    [Fact]
    public async Task AGbTenant_CallsUkMobiles_ButNotUkPremiumRate()
    {
        var d = NewDomain("dstgb");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d) with { CallerIdE164 = did }], numbers: [Number(did, new PbxDestination("extension", "101"))], country: "GB"));

        await CallRefusedAsync("101", d, "+449098790123", "403", "Destination Not Allowed");
        await CallRefusedAsync("101", d, "+12125550111", "403", "International Calls Not Allowed");
        using var carrier = CarrierExpecting("+447400123456", did);
        await CallAsync("101", d, "+447400123456");
        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }
}
