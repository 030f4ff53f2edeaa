using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>The portal's reader of Kamailio's accounting labels each call by where it really went:
/// a customer's trunk calling out is outbound, a carrier call into a trunk inbound, an emergency call emergency.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class CallRecordDirectionTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    [Fact]
    public async Task TrunkCalls_AreOutboundOrInbound_AndEmergencyCalls_AreEmergency()
    {
        var d = NewDomain("ccdr");
        var did = NewDid();
        var trunkId = Guid.NewGuid();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var pbxPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d) with { CallerIdE164 = did }],
            numbers: [new PbxNumber(did, new PbxDestination("trunk", trunkId.ToString("N")), PbxDestination.None, null)],
            trunks: [new PbxTrunk(trunkId, "ip", null, null, [new PbxTrunkAddress("127.0.0.1", trunkPort), new PbxTrunkAddress("127.0.0.1", pbxPort)], 4)]);
        await ApplyAsync(state);
        try
        {
            using (var carrier = CarrierExpecting("+12125550111", did))
            {
                await IpTrunkCallAsync(trunkPort, d, "+12125550111", presented: did);
                Assert.True((await carrier.WaitAsync()).Succeeded);
            }
            using (var customerPbx = Sipp.Start("answer.xml", trunkPort, null, timeoutSeconds: 60))
            {
                await CarrierCallAsync(did);
                Assert.True((await customerPbx.WaitAsync()).Succeeded);
            }
            using (var carrier = CarrierExpecting("911", did))
            {
                await CallAsync("101", d, "911");
                Assert.True((await carrier.WaitAsync()).Succeeded);
            }

            await WaitForAsync(() => Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'BYE'", d) >= 3);
            var source = new KamailioCallRecordSource(Sip.ConnectionString, TimeProvider.System);
            var records = (await source.ReadAfterAsync(0, 100_000, CancellationToken.None)).Records.Where(r => r.Domain == d).OrderBy(r => r.SourceId).ToList();
            Assert.Equal(["outbound", "inbound", "emergency"], records.Select(r => r.Direction));
            Assert.Equal(["+12125550111", "911"], records.Where(r => r.Direction != "inbound").Select(r => r.ToNumber));
        }
        finally
        {
            await RemoveAsync(state);
        }
    }
}
