using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Calls out through the carrier: the caller ID the carrier is given, and international calls.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class OutboundCallTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    [Fact]
    public async Task ExtensionCallingOut_IsAssertedWithItsCallerId_OrWithTheTenantsDefaultNumber()
    {
        var d = NewDomain("cid");
        var first = "+12125550140";
        var second = "+12125550160";
        var ext101 = Extension("101", d) with { CallerIdE164 = second };
        var ext102 = Extension("102", d) with { CallerIdE164 = null };
        await ApplyAsync(State(d, [ext101, ext102], numbers: [Number(second), Number(first)]));

        using (var carrier = CarrierExpecting("+12125550111", second))
        {
            await CallAsync("101", d, "+12125550111");
            var reached = await carrier.WaitAsync();
            Assert.True(reached.Succeeded, reached.Log);
        }

        using var carrierAgain = CarrierExpecting("+12125550111", first);
        await CallAsync("102", d, "+12125550111");
        var reachedAgain = await carrierAgain.WaitAsync();
        Assert.True(reachedAgain.Succeeded, reachedAgain.Log);
    }

    [Fact]
    public async Task PaidTenant_WithInternationalCalling_ReachesTheCarrier_ForAForeignNumber()
    {
        var d = NewDomain("intl");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d) with { CallerIdE164 = did }], numbers: [Number(did)], international: true));
        using var carrier = CarrierExpecting("+442071234567", did);

        await CallAsync("101", d, "+442071234567");

        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND dst_user = '+442071234567'", d));
    }

    [Fact]
    public async Task PaidTenant_WithoutInternationalCalling_Gets403_ForAForeignNumber_ButCallsDomesticOnes()
    {
        var d = NewDomain("nointl");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d) with { CallerIdE164 = did }], numbers: [Number(did)], international: false));

        await CallRefusedAsync("101", d, "+442071234567", "403", "International Calls Not Allowed");
        await CallRefusedAsync("101", d, "442071234567", "403", "International Calls Not Allowed");

        using var carrier = CarrierExpecting("+12125550111", did);
        await CallAsync("101", d, "+12125550111");
        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    [Fact]
    public async Task TrialTenant_Gets403_ForAForeignNumber_EvenIfInternationalIsAskedFor()
    {
        // The writer never lets a trial call abroad, whatever the flags say.
        var d = NewDomain("trintl");
        await ApplyAsync(State(d, [Extension("101", d)], trial: true, international: true));

        await CallRefusedAsync("101", d, "+442071234567", "403", "Trial: Only The Verified Mobile");
    }

    private static PbxNumber Number(string e164) => TestTenant.Number(e164, new PbxDestination("extension", "101"));
}
