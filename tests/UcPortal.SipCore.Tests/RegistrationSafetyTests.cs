using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>A registration stores where the phone really is, and no phone can make the SIP core
/// call somewhere else: a Contact at the carrier (the reported free-international-calls attack),
/// at the SIP core, at a trunk, or anywhere but the phone is refused, and a call never goes to such
/// a contact even if one is in the location table.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class RegistrationSafetyTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const string Premium = "+88216000123";

    [Fact]
    public async Task PhoneRegisteringTheCarrierAsItsContact_IsRefused_AndACallToItNeverReachesTheCarrier()
    {
        var d = NewDomain("attack");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], trial: true));
        using var carrier = TapTheCarrier();

        await RegisterWithContactAsync("102", d, $"<sip:{Premium}@127.0.0.1:{Sip.CarrierPort}>", "403", "Contact Not Allowed - Carrier Address");
        await CallRefusedAsync("101", d, "102", "480");

        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task ARegistrationAtTheCarrier_AlreadyInTheLocationTable_IsNeverCalled()
    {
        // As if stored before these checks existed: no received address, the Contact at the carrier.
        var d = NewDomain("legacy");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));
        await Sip.RpcAsync("ul.add", "location", $"102@{d}", $"sip:{Premium}@127.0.0.1:{Sip.CarrierPort}", 300, 1.0, "0", 0, 0, 0);
        using var carrier = TapTheCarrier();

        await CallRefusedAsync("101", d, "102", "480", "Unreachable Contact");

        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task PhoneBehindNat_RegistersItsPrivateAddress_AndIsCalledWhereItsRegistrationCameFrom()
    {
        var d = NewDomain("nat");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));
        var port = SipCoreFixture.FreeUdpPort();
        await RegisterWithContactAsync("102", d, "<sip:102@192.168.1.50:5060>", "200", port: port);
        using var phone = Sipp.Start("answer.xml", port, null, timeoutSeconds: 60);

        await CallAsync("101", d, "102");

        var answered = await phone.WaitAsync();
        Assert.True(answered.Succeeded, answered.Log);
    }

    [Fact]
    public async Task Contact_AtTheSipCore_ATrunk_AnotherPublicAddress_AHostName_WithMaddr_OrTwoOfThem_IsRefused()
    {
        var d = NewDomain("ctct");
        var trunkPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d), Extension("102", d)], trunks: [IpTrunk(2, trunkPort)]);
        await ApplyAsync(state);
        try
        {
            var phonePort = SipCoreFixture.FreeUdpPort();
            await RegisterWithContactAsync("102", d, $"<sip:102@127.0.0.1:{Sip.SipPort}>", "403", "Contact Not Allowed - SIP Core Address");
            await RegisterWithContactAsync("102", d, $"<sip:102@127.0.0.1:{trunkPort}>", "403", "Contact Not Allowed - Trunk Address");
            await RegisterWithContactAsync("102", d, "<sip:102@198.51.100.20:5060>", "403", "Contact Not Allowed - Not The Phone's Address");
            await RegisterWithContactAsync("102", d, "<sip:102@phone.example.com>", "403", "Contact Not Allowed - Not An IP Address");
            await RegisterWithContactAsync("102", d, $"<sip:102@127.0.0.1:{phonePort};maddr=127.0.0.1>", "403", "Contact Not Allowed - maddr");
            await RegisterWithContactAsync("102", d, $"<sip:102@127.0.0.1:{phonePort}>, <sip:{Premium}@127.0.0.1:{Sip.CarrierPort}>", "403",
                "One Contact Per Registration");

            // A display name with a comma is still one contact; the phone's own address is fine.
            await RegisterWithContactAsync("102", d, $"\"Desk, Reception\" <sip:102@127.0.0.1:{phonePort}>", "200", port: phonePort);
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task Register_FromTheCarriersAddress_IsRefused()
    {
        // A spoofed or relayed REGISTER from the carrier's address would make calls to the extension go to the carrier.
        var d = NewDomain("fromcar");
        await ApplyAsync(State(d, [Extension("101", d)]));

        var result = await Sipp.RunAsync("register-contact.xml", Sip.CarrierPort, Proxy, ["101", d, Password], "403",
            placeholders: new Dictionary<string, string>
            {
                ["CONTACT"] = $"<sip:101@127.0.0.1:{Sip.CarrierPort}>",
                ["REASON"] = "Registration Not Allowed From This Address",
            });

        Assert.True(result.Succeeded, $"{result.Log}\n{KamailioTail()}");
    }

    [Fact]
    public async Task Register_OnBehalfOfAnotherUserOrDomain_IsRefused()
    {
        // Third-party registration: From names someone else than the registered To, which the
        // digest check refuses (auth_check flag 1: From = To, user and domain).
        var d = NewDomain("third");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));

        await ThirdPartyRegisterAsync(d, "From: <sip:101@[field1]>", "Forbidden");
        await ThirdPartyRegisterAsync(d, "From: <sip:102@elsewhere.sip.test>", "Forbidden");
    }

    private async Task ThirdPartyRegisterAsync(string domain, string from, string reason)
    {
        var result = await Sipp.RunAsync("register-contact.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["102", domain, Password], "403", localIp: NewLoopbackAddress(),
            placeholders: new Dictionary<string, string>
            {
                ["CONTACT"] = "<sip:102@127.0.0.1:5999>",
                ["REASON"] = reason,
                ["From: <sip:[field0]@[field1]>"] = from,
            });
        Assert.True(result.Succeeded, $"{from}\n{result.Log}\n{KamailioTail()}");
    }
}
