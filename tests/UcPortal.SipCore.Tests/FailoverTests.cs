using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>A number routed to a customer's trunk or registered PBX that is down goes to the number's failover
/// destination (decision 034): nothing answering, 5xx, or a registering trunk not registered. A busy PBX is not
/// down: its caller hears busy. Without a failover the caller gets the trunk's error, as before.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class FailoverTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    [Fact]
    public async Task NumberOnAnIpTrunkAnswering503_FailsOverToARegisteredExtension()
    {
        var d = NewDomain("fo503");
        var did = NewDid();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var trunk = IpTrunk(2, trunkPort);
        var state = State(d, [Extension("101", d), Extension("102", d)], trunks: [trunk],
            numbers: [Number(did, Trunk(trunk), failover: new PbxDestination("extension", "102"))]);
        await ApplyAsync(state);
        try
        {
            using var customerPbx = Sipp.Start("unavailable.xml", trunkPort, null, timeoutSeconds: 60);
            using var failover = await PhoneAsync("102", d, "answer.xml");

            await CarrierCallAsync(did);

            Assert.True((await customerPbx.WaitAsync()).Succeeded, "the trunk was tried first");
            var answered = await failover.WaitAsync();
            Assert.True(answered.Succeeded, answered.Log);
            Assert.Equal(1L, Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND dst_kind = 'extension' AND dst_user = '102'", d));
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task NumberOnAnIpTrunkNobodyAnswersAt_FailsOverToAnOutsideNumber_ThroughTheCarrier()
    {
        // Nothing listens at the trunk's address: the SIP core gets no answer within its timer (fr_timer, 5 s).
        var d = NewDomain("fodown");
        var did = NewDid();
        var trunk = IpTrunk(2, SipCoreFixture.FreeUdpPort());
        var state = State(d, [Extension("101", d)], trunks: [trunk],
            numbers: [Number(did, Trunk(trunk), failover: new PbxDestination("external", "+12125550111"))]);
        await ApplyAsync(state);
        try
        {
            var call = await Sipp.RunAsync("carrier-failover.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", did, CarrierCaller],
                timeoutSeconds: 60, placeholders: new Dictionary<string, string> { ["DIALLED"] = @"\+12125550111" });

            Assert.True(call.Succeeded, $"the call to {did} reached the carrier for +12125550111\n{call.Log}\n{KamailioTail()}");
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task RegisteredPbxNotRegistered_FailsOverToARegisteredExtension()
    {
        var d = NewDomain("foreg");
        var did = NewDid();
        var trunk = RegisteringTrunk("pbx-main", d, 2);
        await ApplyAsync(State(d, [Extension("101", d)], trunks: [trunk],
            numbers: [Number(did, Trunk(trunk), failover: new PbxDestination("extension", "101"))]));
        using var failover = await PhoneAsync("101", d, "answer.xml");

        await CarrierCallAsync(did);

        var answered = await failover.WaitAsync();
        Assert.True(answered.Succeeded, answered.Log);
    }

    [Fact]
    public async Task BusyTrunk_IsNotFailedOver_TheCallerHearsBusy()
    {
        var d = NewDomain("fobusy");
        var did = NewDid();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var trunk = IpTrunk(2, trunkPort);
        var state = State(d, [Extension("101", d), Extension("102", d)], trunks: [trunk],
            numbers: [Number(did, Trunk(trunk), failover: new PbxDestination("extension", "102"))]);
        await ApplyAsync(state);
        try
        {
            // The failover extension is registered; anything sent there would reach this socket.
            var phonePort = SipCoreFixture.FreeUdpPort();
            await RegisterAsync("102", d, port: phonePort);
            using var failoverPhone = new CarrierTap(phonePort);
            using var customerPbx = Sipp.Start("busy.xml", trunkPort, null, timeoutSeconds: 60);

            await CarrierCallRefusedAsync(did, "486", "Busy Here");

            Assert.True((await customerPbx.WaitAsync()).Succeeded);
            await failoverPhone.AssertNothingReachedAsync();
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task WithoutFailover_TheCallerGetsTheTrunksError()
    {
        var d = NewDomain("fonone");
        var did = NewDid();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var trunk = IpTrunk(2, trunkPort);
        var state = State(d, [Extension("101", d)], trunks: [trunk], numbers: [Number(did, Trunk(trunk))]);
        await ApplyAsync(state);
        try
        {
            using var customerPbx = Sipp.Start("unavailable.xml", trunkPort, null, timeoutSeconds: 60);

            // A proxy never passes a 503 on (RFC 3261 16.7): Kamailio answers it as 500 with the trunk's reason.
            await CarrierCallRefusedAsync(did, "500", "Service Unavailable");

            Assert.True((await customerPbx.WaitAsync()).Succeeded);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    private static PbxDestination Trunk(PbxTrunk trunk) => new("trunk", trunk.Id.ToString("N"));
}
