using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>A new call is routed by the dialled number and the tenant's rules only: a Route header
/// the phone preloads, or a request URI naming the carrier, changes nothing.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class InitialRequestTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const string Premium = "+88216000123";

    [Fact]
    public async Task Invite_WithARouteHeaderToTheCarrier_RingsTheDialledExtension()
    {
        var d = NewDomain("preroute");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], trial: true));
        using var callee = await PhoneAsync("102", d, "answer.xml");
        using var carrier = TapTheCarrier();
        var route = $"Route: <sip:{Premium}@127.0.0.1:{Sip.CarrierPort};lr>";

        var result = await Sipp.RunAsync("call.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", d, Password, "102", "101"], holdMs: 200,
            placeholders: new Dictionary<string, string>
            {
                ["CSeq: 1 INVITE"] = "CSeq: 1 INVITE\n      " + route,
                ["CSeq: 2 INVITE"] = "CSeq: 2 INVITE\n      " + route,
            });

        Assert.True(result.Succeeded, $"{result.Log}\n{KamailioTail()}");
        Assert.True((await callee.WaitAsync()).Succeeded);
        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task Invite_AddressedToTheCarrier_IsHeldToTheTenantsOutboundRules()
    {
        var trial = NewDomain("rurit");
        var paid = NewDomain("rurip");
        await ApplyAsync(State(trial, [Extension("101", trial)], trial: true));
        await ApplyAsync(State(paid, [Extension("101", paid)], international: false));
        using var carrier = TapTheCarrier();

        await CallToTheCarrierRefusedAsync(trial, "Trial: Only The Verified Mobile");
        // +882 is a satellite / international network: refused on every plan (decision 016).
        await CallToTheCarrierRefusedAsync(paid, "Destination Not Allowed");

        await carrier.AssertNothingReachedAsync();
    }

    private async Task CallToTheCarrierRefusedAsync(string domain, string reason)
    {
        var result = await Sipp.RunAsync("call-refused.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", domain, Password, Premium, "101"], "403",
            placeholders: new Dictionary<string, string>
            {
                ["INVITE sip:[field3]@[field1]"] = $"INVITE sip:[field3]@127.0.0.1:{Sip.CarrierPort}",
                ["REASON"] = reason,
            });
        Assert.True(result.Succeeded, $"{result.Log}\n{KamailioTail()}");
    }
}
