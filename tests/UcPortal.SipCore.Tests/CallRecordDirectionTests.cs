using Microsoft.Extensions.Time.Testing;
using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>The portal's reader of Kamailio's accounting (<see cref="KamailioCallRecordSource"/>, the one the
/// usage import runs) on the rows the real Kamailio writes for real calls: each call labelled by where it
/// really went, a call still in progress left for later, and a call whose BYE never came cut off.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class CallRecordDirectionTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const string Away = "+12125550111";

    [Fact]
    public async Task EveryKindOfCall_IsLabelledByWhereItWent_InternalInboundOutboundTrunkAndEmergency()
    {
        var d = NewDomain("ccdr");
        var did = NewDid();
        var trunkDid = NewDid();
        var trunkId = Guid.NewGuid();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var pbxPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d) with { CallerIdE164 = did }, Extension("102", d)],
            numbers: [Number(did, new PbxDestination("extension", "102")), Number(trunkDid, new PbxDestination("trunk", trunkId.ToString("N")))],
            trunks: [new PbxTrunk(trunkId, "ip", null, null, [new PbxTrunkAddress("127.0.0.1", trunkPort), new PbxTrunkAddress("127.0.0.1", pbxPort)], 4)]);
        await ApplyAsync(state);
        try
        {
            // Internal: a phone calls a phone.
            using (var phone102 = await PhoneAsync("102", d, "answer.xml"))
            {
                await CallAsync("101", d, "102");
                Assert.True((await phone102.WaitAsync()).Succeeded);
            }
            // Inbound: the carrier calls the tenant's number, which rings a phone.
            using (var phone102 = await PhoneAsync("102", d, "answer.xml"))
            {
                await CarrierCallAsync(did);
                Assert.True((await phone102.WaitAsync()).Succeeded);
            }
            // Outbound: a phone calls out through the carrier.
            using (var carrier = CarrierExpecting(Away, did))
            {
                await CallAsync("101", d, Away);
                Assert.True((await carrier.WaitAsync()).Succeeded);
            }
            // Out through the tenant's trunk: the customer's PBX calls out through the carrier.
            using (var carrier = CarrierExpecting(Away, trunkDid))
            {
                await IpTrunkCallAsync(trunkPort, d, Away, presented: trunkDid);
                Assert.True((await carrier.WaitAsync()).Succeeded);
            }
            // In to the tenant's trunk: the carrier calls the number routed to the customer's PBX.
            using (var customerPbx = Sipp.Start("answer.xml", trunkPort, null, timeoutSeconds: 60))
            {
                await CarrierCallAsync(trunkDid);
                Assert.True((await customerPbx.WaitAsync()).Succeeded);
            }
            // From the trunk to a phone of the tenant: internal, like a phone calling a phone.
            using (var phone102 = await PhoneAsync("102", d, "answer.xml"))
            {
                await IpTrunkCallAsync(trunkPort, d, "102", presented: trunkDid);
                Assert.True((await phone102.WaitAsync()).Succeeded);
            }
            using (var carrier = CarrierExpecting("911", did))
            {
                await CallAsync("101", d, "911");
                Assert.True((await carrier.WaitAsync()).Succeeded);
            }

            await WaitForAsync(() => Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'BYE'", d) >= 7);
            var source = new KamailioCallRecordSource(Sip.ConnectionString, TimeProvider.System);
            var page = await source.ReadAfterAsync(0, 100_000, CancellationToken.None);
            var records = page.Records.Where(r => r.Domain == d).OrderBy(r => r.SourceId).ToList();
            Assert.Equal(
                [
                    ("internal", "101", "102"),
                    ("inbound", CarrierCaller, "102"),
                    ("outbound", "101", Away),
                    ("outbound", trunkDid, Away),
                    // Kamailio names no callee for a call into a trunk (TO_TRUNK sets none): unrated, like any call with no number.
                    ("inbound", CarrierCaller, ""),
                    ("internal", trunkDid, "102"),
                    ("emergency", "101", "911"),
                ],
                records.Select(r => (r.Direction, r.FromNumber, r.ToNumber)));
            Assert.All(records, r => Assert.Equal("answered", r.Disposition));
            Assert.All(records, r => Assert.InRange(r.DurationSeconds, 0, 60));
            Assert.Equal(7, records.Select(r => r.CallId).Distinct().Count());
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task ACallInProgress_IsLeftForLater_ACallWithNoByeIsCutOffAfterFourHours_AndTheFinishedCallIsReadOnceItEnds()
    {
        var d = NewDomain("cprg");
        var state = State(d, [Extension("101", d), Extension("102", d)]);
        await ApplyAsync(state);
        try
        {
            using var phone102 = await PhoneAsync("102", d, "answer.xml");
            using var call = StartCallUntilHangUp("101", d, "102");
            await WaitForAnsweredCallsAsync(d, 1);
            var inviteId = Scalar("SELECT max(id) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200'", d);

            // While it is up: not a record yet, and the page says where to resume so it is read once it ends.
            var now = new KamailioCallRecordSource(Sip.ConnectionString, TimeProvider.System);
            var during = await now.ReadAfterAsync(inviteId - 1, 100_000, CancellationToken.None);
            Assert.DoesNotContain(during.Records, r => r.Domain == d);
            Assert.Equal(inviteId, during.FirstUnfinishedId);

            // The same rows read more than four hours later, its BYE still missing: taken as ended, nothing billed.
            var later = new FakeTimeProvider(DateTimeOffset.UtcNow + KamailioCallRecordSource.LostByeAfter + TimeSpan.FromMinutes(1));
            var cutOff = await new KamailioCallRecordSource(Sip.ConnectionString, later).ReadAfterAsync(inviteId - 1, 100_000, CancellationToken.None);
            var lost = Assert.Single(cutOff.Records, r => r.Domain == d);
            Assert.Equal((inviteId, "internal", "ended-without-bye", 0), (lost.SourceId, lost.Direction, lost.Disposition, lost.DurationSeconds));
            Assert.Null(cutOff.FirstUnfinishedId);

            // Hung up: an answered call from its answer to its BYE.
            var hungUp = await call.HangUpAsync();
            Assert.True(hungUp.Succeeded, $"{hungUp.Log}\n{KamailioTail()}");
            Assert.True((await phone102.WaitAsync()).Succeeded);
            await WaitForAsync(() => Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'BYE'", d) >= 1);
            var after = await now.ReadAfterAsync(inviteId - 1, 100_000, CancellationToken.None);
            var ended = Assert.Single(after.Records, r => r.Domain == d);
            Assert.Equal((inviteId, "internal", "answered"), (ended.SourceId, ended.Direction, ended.Disposition));
            Assert.InRange(ended.DurationSeconds, 0, 120);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }
}
