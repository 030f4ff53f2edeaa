using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>The tenant's cap and a trunk's channel limit hold under INVITEs that arrive at the same
/// instant. Kamailio is told to pause between a call's check and its count (test hook
/// WITH_TEST_CAP_DELAY): without the lock around both, every caller would see the free slot.</summary>
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
        await Sip.RpcAsync("pv.shvSet", "test_cap_delay_us", "int", 400_000);
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
            }
            finally
            {
                calls.ForEach(c => c.Dispose());
            }
        }
        finally
        {
            await Sip.RpcAsync("pv.shvSet", "test_cap_delay_us", "int", 0);
        }
    }
}
