using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Calls from customers' SIP trunks (by source address and by registration credentials)
/// and the trunk's channel limit, for calls to and from the trunk, under the tenant's cap.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class SipTrunkTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const string TrunkLimit = "Busy Here - Trunk Channel Limit Reached";
    private const string TenantLimit = "Busy Here - Call Limit Reached";

    [Fact]
    public async Task IpTrunk_CallsAnExternalNumber_ThroughTheCarrier_AssertingTheTenantNumberItPresents_ElseTheDefault()
    {
        var d = NewDomain("iptout");
        var (first, second) = TwoNumbers();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d)], trunks: [IpTrunk(2, trunkPort)],
            numbers: [Number(first, Ext("101")), Number(second, Ext("101"))]);
        await ApplyAsync(state);
        try
        {
            using (var carrier = CarrierExpecting("+12125550111", second))
            {
                await IpTrunkCallAsync(trunkPort, d, "+12125550111", presented: second);
                var reached = await carrier.WaitAsync();
                Assert.True(reached.Succeeded, reached.Log);
            }
            Assert.Equal(1L, Scalar($"SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND dst_kind = 'external' AND src_user = '{second}'", d));

            // A number that is not the tenant's is never asserted: the carrier gets the default (first) number.
            using var carrierAgain = CarrierExpecting("+12125550111", first);
            await IpTrunkCallAsync(trunkPort, d, "12125550111", presented: "+13105559999");
            var reachedAgain = await carrierAgain.WaitAsync();
            Assert.True(reachedAgain.Succeeded, reachedAgain.Log);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task IpTrunk_CallsAnExtensionOfItsTenant_AndAnUnknownExtensionIs404()
    {
        var d = NewDomain("iptext");
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d)], trunks: [IpTrunk(2, trunkPort)]);
        await ApplyAsync(state);
        try
        {
            using var phone = await PhoneAsync("101", d, "answer.xml");
            await IpTrunkCallAsync(trunkPort, d, "101", presented: "+13105559999");
            var answered = await phone.WaitAsync();
            Assert.True(answered.Succeeded, answered.Log);

            await CallRefusedAsync("pbx", d, "999", "404", port: trunkPort);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task RegisteringTrunk_CallsOut_AsATrunk_PresentingACallerNumberInFrom()
    {
        // A phone presenting another number in From is refused (403); the trunk's call goes out.
        var d = NewDomain("rtout");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d)], trunks: [RegisteringTrunk("pbx-main", d, 2)], numbers: [Number(did, Ext("101"))]));

        await CallRefusedAsync("101", d, "+12125550111", "403", "Forbidden", from: did);
        using var carrier = CarrierExpecting("+12125550111", did);
        await CallAsync("pbx-main", d, "+12125550111", from: did);

        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
        Assert.Equal(1L, Scalar($"SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND src_user = '{did}' AND dst_user = '+12125550111'", d));
    }

    [Fact]
    public async Task IpTrunk_ChannelLimit_CountsCallsToAndFromTheTrunk_AndTheCallOverItIs486()
    {
        // One channel; the trunk sends from two addresses and is reached at the first.
        var d = NewDomain("iptcap");
        var did = NewDid();
        var (pbxPort, secondPort) = (SipCoreFixture.FreeUdpPort(), SipCoreFixture.FreeUdpPort());
        var trunk = IpTrunk(1, pbxPort, secondPort);
        var state = State(d, [Extension("101", d)], trunks: [trunk], numbers: [Number(did, new PbxDestination("trunk", trunk.Id.ToString("N")))]);
        await ApplyAsync(state);
        try
        {
            // A call to the trunk holds its channel: the trunk cannot call out meanwhile.
            using (var customerPbx = Sipp.Start("answer.xml", pbxPort, null, timeoutSeconds: 60))
            {
                using var inbound = HeldCall.Start(Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", did, CarrierCaller]);
                await WaitForAnsweredCallsAsync(d, 1);
                await CallRefusedAsync("pbx", d, "101", "486", TrunkLimit, from: did, port: secondPort);
                var inboundResult = await inbound.HangUpAsync();
                Assert.True(inboundResult.Succeeded, inboundResult.Log);
                Assert.True((await customerPbx.WaitAsync()).Succeeded);
            }

            // A call from the trunk holds it: a call to the trunk is refused meanwhile.
            using var phone = await PhoneAsync("101", d, "answer.xml");
            using var outbound = StartCallUntilHangUp("pbx", d, "101", from: did, port: secondPort);
            await WaitForAnsweredCallsAsync(d, 2);
            await CarrierCallRefusedAsync(did, "486", TrunkLimit);
            var outboundResult = await outbound.HangUpAsync();
            Assert.True(outboundResult.Succeeded, outboundResult.Log);
            Assert.True((await phone.WaitAsync()).Succeeded);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task RegisteringTrunk_ChannelLimit_RefusesTheCallOverIt_FromAndToTheTrunk()
    {
        var d = NewDomain("rtcap");
        var did = NewDid();
        var trunk = RegisteringTrunk("pbx-main", d, 1);
        await ApplyAsync(State(d, [Extension("101", d)], trunks: [trunk], numbers: [Number(did, new PbxDestination("trunk", trunk.Id.ToString("N")))]));
        using var phone = await PhoneAsync("101", d, "answer.xml");

        using var held = StartCallUntilHangUp("pbx-main", d, "101", from: did);
        await WaitForAnsweredCallsAsync(d, 1);
        await CallRefusedAsync("pbx-main", d, "101", "486", TrunkLimit, from: did);
        await CarrierCallRefusedAsync(did, "486", TrunkLimit);

        var heldResult = await held.HangUpAsync();
        Assert.True(heldResult.Succeeded, heldResult.Log);
        Assert.True((await phone.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task TrunkCalls_CountAgainstTheTenantCap_EvenWithChannelsLeftOnTheTrunk()
    {
        var d = NewDomain("iptten");
        var (firstPort, secondPort) = (SipCoreFixture.FreeUdpPort(), SipCoreFixture.FreeUdpPort());
        var state = State(d, [Extension("101", d)], maxCalls: 1, trunks: [IpTrunk(2, firstPort, secondPort)]);
        await ApplyAsync(state);
        try
        {
            using var phone = await PhoneAsync("101", d, "answer.xml");
            using var held = StartCallUntilHangUp("pbx", d, "101", from: "+13105559999", port: firstPort);
            await WaitForAnsweredCallsAsync(d, 1);

            await CallRefusedAsync("pbx", d, "101", "486", TenantLimit, port: secondPort);

            var heldResult = await held.HangUpAsync();
            Assert.True(heldResult.Succeeded, heldResult.Log);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    private static PbxDestination Ext(string number) => new("extension", number);

    /// <summary>Two numbers of one tenant, the first being its default caller ID (the lowest).</summary>
    private static (string First, string Second) TwoNumbers()
    {
        var a = NewDid();
        var b = NewDid();
        while (b == a)
        {
            b = NewDid();
        }
        return string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
    }
}
