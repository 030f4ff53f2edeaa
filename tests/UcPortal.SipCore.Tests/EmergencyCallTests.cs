using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Emergency numbers of the tenant's country always reach the carrier, with the caller's
/// number asserted and "Priority: emergency": from trials, without credit, without international
/// calling, while suspended, at the call cap, from trunks. Not once the tenant is released.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class EmergencyCallTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private static readonly Dictionary<string, string> PriorityEmergency = new() { ["Priority"] = "^ *emergency$" };

    public enum Standing
    {
        TrialWithoutCredit,
        StarterWithoutInternational,
        Suspended,
    }

    [Theory]
    [InlineData(Standing.TrialWithoutCredit)]
    [InlineData(Standing.StarterWithoutInternational)]
    [InlineData(Standing.Suspended)]
    public async Task UsTenant_Dialling911_ReachesTheCarrier_AssertingTheExtensionsNumber(Standing standing)
    {
        var d = NewDomain("sos");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d) with { CallerIdE164 = did }], numbers: [Number(did, Ext("101"))],
            trial: standing == Standing.TrialWithoutCredit, outbound: standing != Standing.TrialWithoutCredit,
            suspended: standing == Standing.Suspended));
        using var carrier = CarrierExpecting("911", did, headers: PriorityEmergency);

        await CallAsync("101", d, "911");

        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND dst_user = '911' AND dst_kind = 'emergency'", d));
    }

    [Theory]
    [InlineData("GB", "999")]
    [InlineData("GB", "112")]
    [InlineData("DE", "112")]
    [InlineData("AU", "000")]
    [InlineData("AU", "112")]
    [InlineData("NZ", "111")]
    [InlineData("CN", "120")]
    public async Task TheCountrysEmergencyNumber_ReachesTheCarrier_FromATrial(string country, string number)
    {
        var d = NewDomain("sos" + country.ToLowerInvariant());
        await ApplyAsync(State(d, [Extension("101", d) with { CallerIdE164 = "+12125550100" }], trial: true, country: country));
        using var carrier = CarrierExpecting(number, "+12125550100", headers: PriorityEmergency);

        await CallAsync("101", d, number);

        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    [Fact]
    public async Task AnotherCountrysEmergencyNumber_IsJustAnUnknownNumber()
    {
        var d = NewDomain("sosus");
        await ApplyAsync(State(d, [Extension("101", d)], country: "US"));
        using var carrier = TapTheCarrier();

        await CallRefusedAsync("101", d, "000", "404", "No Such Extension");
        await CallRefusedAsync("101", d, "999", "404", "No Such Extension");

        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task EmergencyCall_AtTheTenantsCallCap_StillGoesThrough()
    {
        var d = NewDomain("soscap");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d), Extension("103", d)], maxCalls: 1, trial: true,
            numbers: [Number(did, Ext("101"))]));
        using var callee = await PhoneAsync("102", d, "answer.xml");
        using var held = StartCallUntilHangUp("101", d, "102");
        await WaitForAnsweredCallsAsync(d, 1);
        await CallRefusedAsync("103", d, "102", "486", "Busy Here - Call Limit Reached");
        using var carrier = CarrierExpecting("911", "+12125550100", headers: PriorityEmergency);

        await CallAsync("103", d, "911");

        // Answered while the first call was still up: it is hung up only now.
        Assert.True(held.IsRunning, "the held call ended before the emergency call was placed");
        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
        var heldResult = await held.HangUpAsync();
        Assert.True(heldResult.Succeeded, heldResult.Log);
    }

    [Fact]
    public async Task EmergencyCall_FromACustomersIpTrunk_AssertsTheTenantsNumber_AndCarriesItsAddress()
    {
        var d = NewDomain("sostrk");
        var did = NewDid();
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d)], trunks: [IpTrunk(2, trunkPort)], suspended: true,
            numbers: [Number(did, Ext("101")) with { EmergencyAddress = "1 Main St, Suite 5\r\nSpringfield, IL 62701\r\nX-Injected: 1" }]);
        await ApplyAsync(state);
        try
        {
            using var carrier = CarrierExpecting("911", did, headers: new Dictionary<string, string>(PriorityEmergency)
            {
                [SipCoreFixture.EmergencyAddressHeader] = "^ *1 Main St, Suite 5 Springfield, IL 62701 X-Injected: 1$",
            });

            // The trunk presents a number that is not the tenant's: the tenant's own number is asserted.
            await IpTrunkCallAsync(trunkPort, d, "911", presented: "+13105559999");

            var reached = await carrier.WaitAsync();
            Assert.True(reached.Succeeded, reached.Log);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task ReleasedTenant_CannotCallEmergency_ItsCredentialsAreGone()
    {
        // What the portal writes for a released tenant: suspended, no extensions, no numbers, no trunks.
        var d = NewDomain("sosrel");
        await ApplyAsync(State(d, [], suspended: true));
        using var carrier = TapTheCarrier();

        await CallRefusedAsync("101", d, "911", "403", ip: NewLoopbackAddress());

        await carrier.AssertNothingReachedAsync();
    }

    private static PbxDestination Ext(string number) => new("extension", number);
}
