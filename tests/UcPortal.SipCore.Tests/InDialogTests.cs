using System.Text.Json;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Requests inside a dialog are relayed only for dialogs the SIP core set up, only from one
/// of its two parties and only to the other one: a forged Route, To-tag or request URI never makes
/// it send anything to the carrier.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class InDialogTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const string Premium = "+88216000123";

    private string CarrierUri => $"sip:{Premium}@127.0.0.1:{Sip.CarrierPort}";

    [Fact]
    public async Task ForgedBye_WithAMadeUpDialog_AndARouteToTheCarrier_Gets481_AndNothingReachesTheCarrier()
    {
        var d = NewDomain("fbye");
        await ApplyAsync(State(d, [Extension("101", d)]));
        using var carrier = TapTheCarrier();

        await ForgedByeAsync(d, CarrierUri, $"Route: <sip:127.0.0.1:{Sip.CarrierPort};lr>", Guid.NewGuid().ToString("N"), "a1", "b2");
        await ForgedByeAsync(d, CarrierUri, $"Route: <sip:127.0.0.1:{Sip.SipPort};lr>", Guid.NewGuid().ToString("N"), "a1", "b2");

        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task ForgedReInvite_RoutedThroughTheSipCoreToTheCarrier_Gets481()
    {
        var d = NewDomain("finv");
        await ApplyAsync(State(d, [Extension("101", d)], trial: true));
        using var carrier = TapTheCarrier();

        var result = await Sipp.RunAsync("forged-reinvite.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", d], "481",
            placeholders: new Dictionary<string, string>
            {
                ["RURI"] = CarrierUri,
                ["ROUTE_HEADER"] = $"Route: <sip:127.0.0.1:{Sip.SipPort};lr>, <sip:127.0.0.1:{Sip.CarrierPort};lr>",
                ["REASON"] = "Call/Transaction Does Not Exist",
            });

        Assert.True(result.Succeeded, $"{result.Log}\n{KamailioTail()}");
        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task ReInviteInsideARealCall_AddressedToTheCarrier_ReachesOnlyTheOtherParty()
    {
        var d = NewDomain("rinv");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], trial: true));
        using var carrier = TapTheCarrier();
        var port = SipCoreFixture.FreeUdpPort();
        await RegisterAsync("102", d, port: port);
        using var callee = Sipp.Start("answer-reinvite.xml", port, null, timeoutSeconds: 60);

        var caller = await Sipp.RunAsync("call-reinvite.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", d, Password, "102", "101"],
            placeholders: new Dictionary<string, string> { ["RURI"] = CarrierUri });

        Assert.True(caller.Succeeded, $"{caller.Log}\n{KamailioTail()}");
        var answered = await callee.WaitAsync();
        Assert.True(answered.Succeeded, answered.Log);
        await carrier.AssertNothingReachedAsync();
    }

    [Fact]
    public async Task ByeFromOutsideTheDialog_WithTheRealDialogsIds_Gets481_AndTheCallGoesOn()
    {
        var d = NewDomain("tbye");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));
        using var callee = await PhoneAsync("102", d, "answer.xml");
        using var call = StartCallUntilHangUp("101", d, "102");
        var dialog = await WaitForDialogAsync(d);

        // Someone else who learnt the Call-ID and both tags (e.g. from a leaked trace) hangs up the call.
        await ForgedByeAsync(d, $"sip:102@127.0.0.1:{callee.LocalPort}", $"Route: <sip:127.0.0.1:{Sip.SipPort};lr>",
            dialog.CallId, dialog.CallerTag, dialog.CalleeTag);

        // The call is still up after the forged BYE: its own BYE, sent now, reaches the callee.
        Assert.True(call.IsRunning, "the call ended before its caller hung up");
        var caller = await call.HangUpAsync();
        Assert.True(caller.Succeeded, $"{caller.Log}\n{KamailioTail()}");
        var answered = await callee.WaitAsync();
        Assert.True(answered.Succeeded, answered.Log);
    }

    [Fact]
    public async Task TheCalledPhoneHangsUp_ItsByeReachesTheCaller_AlsoWhenTheCallerIsTheCarrier()
    {
        var d = NewDomain("hangup");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], numbers: [Number(did, new UcPortal.Pbx.PbxDestination("extension", "102"))]));

        using (var callee = await PhoneAsync("102", d, "answer-hangup.xml"))
        {
            var caller = await Sipp.RunAsync("call-until-bye.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", d, Password, "102", "101"]);
            Assert.True(caller.Succeeded, $"{caller.Log}\n{KamailioTail()}");
            Assert.True((await callee.WaitAsync()).Succeeded);
        }

        using var phone = await PhoneAsync("102", d, "answer-hangup.xml");
        var carrier = await Sipp.RunAsync("call-until-bye.xml", Sip.CarrierPort, Proxy, [CarrierCaller, "carrier.example", "", did, CarrierCaller]);
        Assert.True(carrier.Succeeded, $"{carrier.Log}\n{KamailioTail()}");
        Assert.True((await phone.WaitAsync()).Succeeded);
        await WaitForAsync(() => Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'BYE'", d) >= 2);
    }

    [Fact]
    public async Task Refer_AskingTheCarrierToPlaceACall_IsRefused()
    {
        var d = NewDomain("refer");
        var did = NewDid();
        await ApplyAsync(State(d, [Extension("101", d) with { CallerIdE164 = did }], trial: true,
            numbers: [Number(did, new UcPortal.Pbx.PbxDestination("extension", "101"))]));
        using var carrier = CarrierExpecting("+12125550199", did);

        var caller = await Sipp.RunAsync("call-refer.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", d, Password, "+12125550199", "101"], "403",
            placeholders: new Dictionary<string, string> { ["REFER_TO"] = CarrierUri, ["REASON"] = "Transfer Through The Carrier Not Allowed" });

        Assert.True(caller.Succeeded, $"{caller.Log}\n{KamailioTail()}");
        var reached = await carrier.WaitAsync();
        Assert.True(reached.Succeeded, reached.Log);
    }

    private async Task ForgedByeAsync(string domain, string requestUri, string route, string callId, string fromTag, string toTag)
    {
        var result = await Sipp.RunAsync("forged-bye.xml", SipCoreFixture.FreeUdpPort(), Proxy, ["101", domain], "481", callId: callId,
            placeholders: new Dictionary<string, string>
            {
                ["RURI"] = requestUri,
                ["ROUTE_HEADER"] = route,
                ["FROMTAG"] = fromTag,
                ["TOTAG"] = toTag,
                ["REASON"] = "Call/Transaction Does Not Exist",
            });
        Assert.True(result.Succeeded, $"forged BYE ({route}) not refused with 481\n{result.Log}\n{KamailioTail()}");
    }

    private sealed record DialogIds(string CallId, string CallerTag, string CalleeTag);

    /// <summary>The tenant's answered call as Kamailio's dialog module holds it (RPC dlg.list).</summary>
    private async Task<DialogIds> WaitForDialogAsync(string domain)
    {
        for (var i = 0; i < 300; i++)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var list = await new UcPortal.Pbx.KamailioRpc(http, Sip.RpcUrl).CallAsync("dlg.list", [], CancellationToken.None);
            foreach (var dlg in list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var calleeTag = dlg.GetProperty("callee").GetProperty("tag").GetString();
                if (dlg.GetProperty("from_uri").GetString()!.Contains(domain, StringComparison.Ordinal) && !string.IsNullOrEmpty(calleeTag))
                {
                    return new DialogIds(dlg.GetProperty("call-id").GetString()!, dlg.GetProperty("caller").GetProperty("tag").GetString()!, calleeTag);
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no answered dialog of {domain} in dlg.list");
    }
}
