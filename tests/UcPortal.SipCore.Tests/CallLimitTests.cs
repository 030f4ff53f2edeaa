using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>The tenant's cap and a trunk's channel limit hold under INVITEs that arrive at the same
/// instant. Kamailio holds an admitted call between its check and its count until every caller has
/// reached the check (test hook WITH_TEST_CAP_GATE): without the lock around both, every caller would
/// see the free slot. The callers meet at that gate however slow the machine is; a gate that never
/// filled fails the test, since it then proves nothing.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class CallLimitTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const int Callers = 4;

    [Fact]
    public async Task SimultaneousCalls_OverTheTenantCap_OnlyTheCapGetsThrough()
    {
        var d = NewDomain("capsim");
        var callers = Enumerable.Range(101, Callers).Select(n => n.ToString()).ToList();
        await ApplyAsync(State(d, [.. callers.Select(c => Extension(c, d)), Extension("109", d)], maxCalls: 1));
        using var callee = await PhoneAsync("109", d, "answer.xml", calls: Callers);

        await CallAllAtOnceAsync(callers.Select(c => (c, d, (int?)null)).ToList());

        Assert.Equal(1L, AnsweredCalls(d));
    }

    [Fact]
    public async Task SimultaneousCalls_FromATrunk_OverItsChannelLimit_OnlyTheLimitGetsThrough()
    {
        var d = NewDomain("trksim");
        var ports = Enumerable.Range(0, Callers).Select(_ => SipCoreFixture.FreeUdpPort()).Distinct().ToArray();
        var state = State(d, [Extension("109", d)], maxCalls: 10, trunks: [IpTrunk(1, ports)]);
        await ApplyAsync(state);
        try
        {
            using var callee = await PhoneAsync("109", d, "answer.xml", calls: ports.Length);

            await CallAllAtOnceAsync(ports.Select(p => ("pbx", d, (int?)p)).ToList());

            Assert.Equal(1L, AnsweredCalls(d));
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    /// <summary>Every caller dials 109 at once; each call must end answered or with 486. An answered call
    /// stays up until every caller has had its answer (answered or refused), so a call that came late
    /// finds the earlier ones still in progress on a slow machine too.</summary>
    private async Task CallAllAtOnceAsync(List<(string User, string Domain, int? Port)> callers)
    {
        await Sip.RpcAsync("pv.shvSet", "test_cap_gate", "int", callers.Count);
        try
        {
            var calls = callers.Select(c => HeldCall.Start(c.Port ?? SipCoreFixture.FreeUdpPort(), Proxy,
                [c.User, c.Domain, Password, "109", c.User], scenario: "call-or-busy.xml")).ToList();
            try
            {
                var domain = callers[0].Domain;
                await WaitForAsync(() => calls.Count(c => !c.IsRunning) + AnsweredCalls(domain) >= calls.Count, seconds: 60);
                foreach (var call in calls)
                {
                    var result = await call.HangUpAsync();
                    Assert.True(result.Succeeded, $"{result.Log}\n{KamailioTail()}");
                }
                Assert.Equal(callers.Count, await Sip.HtableIntAsync("testgate", $"a:{domain}"));
                Assert.True(await Sip.HtableIntAsync("testgate", $"timeout:{domain}") is null,
                    "an admitted call waited 20 s at the gate for callers that never came: the calls did not meet");
            }
            finally
            {
                calls.ForEach(c => c.Dispose());
            }
        }
        finally
        {
            await Sip.RpcAsync("pv.shvSet", "test_cap_gate", "int", 0);
        }
    }
}
