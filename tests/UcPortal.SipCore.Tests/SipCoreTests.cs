using Npgsql;
using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Each test writes a tenant through <see cref="KamailioStateWriter"/> exactly as the
/// portal's sync job does, then plays phones and the carrier with SIPp against the real Kamailio.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class SipCoreTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    [Fact]
    public async Task Extension_WithItsCredentials_Registers()
    {
        var d = NewDomain("reg");
        await ApplyAsync(State(d, [Extension("101", d)]));

        await RegisterAsync("101", d);

        Assert.Equal(1L, Scalar("SELECT count(*) FROM location WHERE username = '101' AND domain = @d", d));
        // The portal's extensions page shows it online.
        var online = await new KamailioRegistrations(Sip.ConnectionString).ForDomainAsync(d, CancellationToken.None);
        Assert.Equal(1, Assert.Contains("101", online!).Devices);
        // The funnel's first-registration job sees the domain registered, and not one without phones.
        var registered = await new KamailioRegistrations(Sip.ConnectionString).RegisteredDomainsAsync([d.ToUpperInvariant(), "nobody.invalid"], CancellationToken.None);
        Assert.Equal([d], registered!);
    }

    [Fact]
    public async Task Register_WithWrongPassword_Is403()
    {
        var d = NewDomain("pw");
        await ApplyAsync(State(d, [Extension("101", d)]));

        // From an address of its own: failed logins count against the address they come from.
        await RegisterAsync("101", d, password: "wrong", expected: "403", ip: NewLoopbackAddress());
    }

    [Fact]
    public async Task Register_InAnotherTenantsDomain_IsRefused_AndUnknownDomainToo()
    {
        var a = NewDomain("ta");
        var b = NewDomain("tb");
        await ApplyAsync(State(a, [Extension("101", a)]));
        await ApplyAsync(State(b, [Extension("201", b)]));

        // Tenant B's user, with B's password, tries tenant A's domain (from an address of its own:
        // failed logins count against the address they come from).
        var ip = NewLoopbackAddress();
        await RegisterAsync("201", a, expected: "403", ip: ip);
        await RegisterAsync("101", "nobody.Sip.test", expected: "403", ip: ip);
    }

    [Fact]
    public async Task SuspendedTenant_IsRefused_AndAcceptedAgainAfterResume()
    {
        var d = NewDomain("susp");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], suspended: true));
        await RegisterAsync("101", d, expected: "403");
        await CallRefusedAsync("101", d, "102", "403");

        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], suspended: false, version: 2));
        await RegisterAsync("101", d);
    }

    [Fact]
    public async Task ExtensionCallsExtension_CallCompletes_AndLeavesAnAccountingRow()
    {
        var d = NewDomain("e2e");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));
        using var phone102 = await PhoneAsync("102", d, "answer.xml");

        await CallAsync("101", d, "102");

        Assert.True((await phone102.WaitAsync()).Succeeded);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND src_user = '101' AND dst_user = '102'", d));

        // The portal's usage import reads it as one finished internal call of this tenant.
        await WaitForAsync(() => Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'BYE'", d) >= 1);
        var source = new KamailioCallRecordSource(Sip.ConnectionString, TimeProvider.System);
        var records = (await source.ReadAfterAsync(0, 10_000, CancellationToken.None)).Records.Where(r => r.Domain == d).ToList();
        var call = Assert.Single(records);
        Assert.Equal(("internal", "101", "102", "answered"), (call.Direction, call.FromNumber, call.ToNumber, call.Disposition));
        Assert.InRange(call.DurationSeconds, 0, 60);
    }

    [Fact]
    public async Task CarrierCallToDid_RingsTheChosenExtension_ThenTheNewOneAfterARouteChange()
    {
        var d = NewDomain("did");
        var did = "+1212" + Random.Shared.Next(1000000, 9999999);
        PbxNumber Route(string ext) => new(did, new PbxDestination("extension", ext), PbxDestination.None, null);
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], numbers: [Route("101")]));
        using (var phone101 = await PhoneAsync("101", d, "answer.xml"))
        {
            await CarrierCallAsync(did);
            Assert.True((await phone101.WaitAsync()).Succeeded);
        }

        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], numbers: [Route("102")], version: 2));
        using var phone102 = await PhoneAsync("102", d, "answer.xml");
        await CarrierCallAsync(did.TrimStart('+'));
        Assert.True((await phone102.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task CarrierCallToDid_RoutedToAnIpTrunk_ReachesTheCustomersPbx()
    {
        var d = NewDomain("trk");
        var did = "+1212" + Random.Shared.Next(1000000, 9999999);
        var trunkId = Guid.NewGuid();
        var pbxPort = SipCoreFixture.FreeUdpPort();
        var state = State(d, [Extension("101", d)],
            numbers: [new PbxNumber(did, new PbxDestination("trunk", trunkId.ToString("N")), PbxDestination.None, null)]) with
        {
            Trunks = [new PbxTrunk(trunkId, "ip", null, null, [new PbxTrunkAddress("127.0.0.1", pbxPort)], 2)],
        };
        await ApplyAsync(state);
        try
        {
            using var customerPbx = Sipp.Start("answer.xml", pbxPort, null, timeoutSeconds: 60);

            await CarrierCallAsync(did);

            var answered = await customerPbx.WaitAsync();
            Assert.True(answered.Succeeded, answered.Log);
            Assert.Equal(1L, Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND dst_kind = 'trunk'", d));
        }
        finally
        {
            await RemoveAsync(state);
        }
    }

    [Fact]
    public async Task CarrierCallToDid_RoutedToARegisteringTrunk_ReachesItWhereItRegistered()
    {
        var d = NewDomain("rtrk");
        var did = "+1212" + Random.Shared.Next(1000000, 9999999);
        var trunkId = Guid.NewGuid();
        var state = State(d, [Extension("101", d)],
            numbers: [new PbxNumber(did, new PbxDestination("trunk", trunkId.ToString("N")), PbxDestination.None, null)]) with
        {
            Trunks = [new PbxTrunk(trunkId, "registration", "pbx-main", Ha1("pbx-main", d), [], 2)],
        };
        await ApplyAsync(state);
        using var customerPbx = await PhoneAsync("pbx-main", d, "answer.xml");

        await CarrierCallAsync(did);

        var answered = await customerPbx.WaitAsync();
        Assert.True(answered.Succeeded, answered.Log);
    }

    [Fact]
    public async Task ThirdSimultaneousCall_OfACap2Tenant_Gets486_AndSucceedsAfterTheCapIsRaised()
    {
        var d = NewDomain("cap");
        var extensions = new[] { Extension("101", d), Extension("102", d), Extension("103", d), Extension("109", d) };
        await ApplyAsync(State(d, extensions, maxCalls: 2));
        using var phone = await PhoneAsync("109", d, "answer.xml", calls: 3);
        using var call1 = StartCallUntilHangUp("101", d, "109");
        using var call2 = StartCallUntilHangUp("102", d, "109");
        await WaitForAnsweredCallsAsync(d, 2);

        await CallRefusedAsync("103", d, "109", "486");

        await ApplyAsync(State(d, extensions, maxCalls: 3, version: 2));
        await CallAsync("103", d, "109");
        Assert.True(call1.IsRunning && call2.IsRunning, "the two held calls ended before the third call");
        var first = await call1.HangUpAsync();
        var second = await call2.HangUpAsync();
        Assert.True(first.Succeeded, first.Log);
        Assert.True(second.Succeeded, second.Log);
    }

    [Fact]
    public async Task RingGroup_Simultaneous_RingsAllMembers_AndOneAnswers()
    {
        var d = NewDomain("grp");
        var group = new PbxRingGroup("600", "simultaneous", 10, ["102", "103"], PbxDestination.None);
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d), Extension("103", d)], groups: [group]));
        using var ringing = await PhoneAsync("102", d, "ring-unanswered.xml");
        using var answering = await PhoneAsync("103", d, "answer.xml");

        await CallAsync("101", d, "600");

        Assert.True((await answering.WaitAsync()).Succeeded);
        var rang = await ringing.WaitAsync();
        Assert.True(rang.Succeeded, rang.Log);
    }

    [Fact]
    public async Task RingGroup_Sequential_MovesToTheNextMember_AfterRingSeconds()
    {
        var d = NewDomain("seq");
        var group = new PbxRingGroup("600", "sequential", 2, ["102", "103"], PbxDestination.None);
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d), Extension("103", d)], groups: [group]));
        using var first = await PhoneAsync("102", d, "ring-unanswered.xml");
        using var second = await PhoneAsync("103", d, "answer.xml");

        await CallAsync("101", d, "600");

        Assert.True((await first.WaitAsync()).Succeeded);
        Assert.True((await second.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task NoAnswer_ForwardsToTheChosenExtension_AfterItsSeconds()
    {
        var d = NewDomain("fwn");
        var ext102 = Extension("102", d) with { ForwardNoAnswer = new PbxDestination("extension", "103"), NoAnswerSeconds = 2 };
        await ApplyAsync(State(d, [Extension("101", d), ext102, Extension("103", d)]));
        using var unanswered = await PhoneAsync("102", d, "ring-unanswered.xml");
        using var forwarded = await PhoneAsync("103", d, "answer.xml");

        await CallAsync("101", d, "102");

        Assert.True((await unanswered.WaitAsync()).Succeeded);
        Assert.True((await forwarded.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task ForwardAlways_SendsTheCallStraightToTheChosenExtension()
    {
        var d = NewDomain("fwa");
        var ext102 = Extension("102", d) with { ForwardAlways = new PbxDestination("extension", "103") };
        await ApplyAsync(State(d, [Extension("101", d), ext102, Extension("103", d)]));
        using var forwarded = await PhoneAsync("103", d, "answer.xml");

        await CallAsync("101", d, "102");

        Assert.True((await forwarded.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task Busy_ForwardsToTheBusyDestination()
    {
        var d = NewDomain("fwb");
        var ext102 = Extension("102", d) with { ForwardBusy = new PbxDestination("extension", "103") };
        await ApplyAsync(State(d, [Extension("101", d), ext102, Extension("103", d)]));
        using var busy = await PhoneAsync("102", d, "busy.xml");
        using var forwarded = await PhoneAsync("103", d, "answer.xml");

        await CallAsync("101", d, "102");

        var busyResult = await busy.WaitAsync();
        Assert.True(busyResult.Succeeded, busyResult.Log);
        Assert.True((await forwarded.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task DoNotDisturb_RefusesWith486_OrUsesTheBusyForward()
    {
        var d = NewDomain("dnd");
        var quiet = Extension("102", d) with { DoNotDisturb = true };
        await ApplyAsync(State(d, [Extension("101", d), quiet, Extension("103", d)]));

        await CallRefusedAsync("101", d, "102", "486");

        await ApplyAsync(State(d, [Extension("101", d), quiet with { ForwardBusy = new PbxDestination("extension", "103") }, Extension("103", d)], version: 2));
        using var forwarded = await PhoneAsync("103", d, "answer.xml");
        await CallAsync("101", d, "102");
        Assert.True((await forwarded.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task UnregisteredExtension_FailsOverToAnExternalNumber_ThroughTheCarrier()
    {
        var d = NewDomain("fwu");
        var ext102 = Extension("102", d) with { ForwardUnregistered = new PbxDestination("external", "+12125550111") };
        await ApplyAsync(State(d, [Extension("101", d), ext102]));
        using var carrier = Sipp.Start("answer.xml", Sip.CarrierPort, null);

        await CallAsync("101", d, "102");

        Assert.True((await carrier.WaitAsync()).Succeeded);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM acc WHERE tenant = @d AND method = 'INVITE' AND sip_code = '200' AND dst_user = '+12125550111'", d));
    }

    [Fact]
    public async Task ClosedHours_RouteTheNumberToItsClosedDestination_WithTheInjectedClock()
    {
        var d = NewDomain("hours");
        var did = "+1212" + Random.Shared.Next(1000000, 9999999);
        var schedule = new PbxSchedule(Guid.NewGuid(), [
            new PbxOpenWindow(new DateTime(2030, 1, 7, 14, 0, 0, DateTimeKind.Utc), new DateTime(2030, 1, 7, 22, 0, 0, DateTimeKind.Utc)),
            new PbxOpenWindow(new DateTime(2030, 1, 8, 14, 0, 0, DateTimeKind.Utc), new DateTime(2030, 1, 8, 22, 0, 0, DateTimeKind.Utc))]);
        var number = new PbxNumber(did, new PbxDestination("extension", "101"), new PbxDestination("extension", "102"), schedule.Id);
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)], numbers: [number], schedules: [schedule]));
        try
        {
            await Sip.RpcAsync("pv.shvSet", "test_now", "int", Unix(new DateTime(2030, 1, 8, 2, 0, 0, DateTimeKind.Utc)));
            using (var closed = await PhoneAsync("102", d, "answer.xml"))
            {
                await CarrierCallAsync(did);
                Assert.True((await closed.WaitAsync()).Succeeded);
            }

            await Sip.RpcAsync("pv.shvSet", "test_now", "int", Unix(new DateTime(2030, 1, 8, 15, 0, 0, DateTimeKind.Utc)));
            using var open = await PhoneAsync("101", d, "answer.xml");
            await CarrierCallAsync(did);
            Assert.True((await open.WaitAsync()).Succeeded);
        }
        finally
        {
            await Sip.RpcAsync("pv.shvSet", "test_now", "int", 0);
        }
    }

    [Fact]
    public async Task TrialTenant_CallsOnlyItsVerifiedMobile_NeverAnotherOrInternationalNumber()
    {
        var d = NewDomain("trial");
        await ApplyAsync(State(d, [Extension("101", d)], trial: true));

        await CallRefusedAsync("101", d, "+442071234567", "403");
        await CallRefusedAsync("101", d, "+12125550123", "403");
        using var carrier = Sipp.Start("answer.xml", Sip.CarrierPort, null);
        await CallAsync("101", d, "+12125550199");
        Assert.True((await carrier.WaitAsync()).Succeeded);
    }

    [Fact]
    public async Task ApplyingTheSameStateTwice_LeavesIdenticalRows()
    {
        var d = NewDomain("idem");
        var did = "+1212" + Random.Shared.Next(1000000, 9999999);
        var state = State(d, [Extension("101", d) with { ForwardBusy = new PbxDestination("extension", "102") }, Extension("102", d)],
            numbers: [new PbxNumber(did, new PbxDestination("ringgroup", "600"), PbxDestination.None, null)],
            groups: [new PbxRingGroup("600", "sequential", 5, ["101", "102"], PbxDestination.None)]);

        await ApplyAsync(state);
        var first = Snapshot(d);
        await ApplyAsync(state);

        Assert.Equal(first, Snapshot(d));
        Assert.Contains($"htable|d:{did.TrimStart('+')}:open|ringgroup:600", first);

        await Sip.Writer.RemoveTenantAsync(state.TenantId, d, CancellationToken.None);
        Assert.Empty(Snapshot(d));
    }

    [Fact]
    public async Task SipCoreDown_ApplyThrows_AndTheSameStateAppliesWhenItIsBack()
    {
        var d = NewDomain("down");
        var state = State(d, [Extension("101", d)]);
        Sip.StopKamailio();
        try
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => Sip.Writer.ApplyAsync(state, CancellationToken.None));
            using var noDb = new KamailioStateWriter($"Host=127.0.0.1;Port={SipCoreFixture.FreeTcpPort()};Username=kamailio;Database=kamailio;Timeout=2", Sip.RpcUrl);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => noDb.ApplyAsync(state, CancellationToken.None));
        }
        finally
        {
            Sip.StartKamailio();
        }

        await ApplyAsync(state);
        await RegisterAsync("101", d);
    }

    [Fact]
    public async Task TwoTrunkTenants_SyncedBackToBack_BothApply_DespiteTheAddressReloadLimit()
    {
        // permissions refuses address reloads less than a second apart; the writer waits and retries.
        var a = NewDomain("trka");
        var b = NewDomain("trkb");
        static TenantPbxState WithTrunk(string domain, int lastOctet) => State(domain, [Extension("101", domain)]) with
        {
            Trunks = [new PbxTrunk(Guid.NewGuid(), "ip", null, null, [new PbxTrunkAddress($"198.51.100.{lastOctet}", 5060)], 2)],
        };
        var octet = Random.Shared.Next(1, 120);

        await ApplyAsync(WithTrunk(a, octet));
        await ApplyAsync(WithTrunk(b, octet + 1));

        Assert.Equal(1L, Scalar("SELECT count(*) FROM address WHERE split_part(tag, ':', 1) = @d", a));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM address WHERE split_part(tag, ':', 1) = @d", b));
    }

    private List<string> Snapshot(string domain)
    {
        using var conn = Sip.OpenDb();
        using var cmd = new NpgsqlCommand("""
            SELECT 'domain|' || id || '|' || domain || '|' || coalesce(did, '') FROM domain WHERE domain = @d
            UNION ALL SELECT 'subscriber|' || id || '|' || username || '|' || ha1 FROM subscriber WHERE domain = @d
            UNION ALL SELECT 'htable|' || key_name || '|' || key_value || '|' || value_type || '|' || id FROM htable WHERE tenant_domain = @d
            UNION ALL SELECT 'address|' || id || '|' || ip_addr || '|' || port || '|' || tag FROM address WHERE split_part(tag, ':', 1) = @d
            ORDER BY 1
            """, conn);
        cmd.Parameters.AddWithValue("d", domain);
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var row = reader.GetString(0);
            // Assert.Contains below looks for key|value; keep that prefix readable.
            rows.Add(row);
            if (row.StartsWith("htable|", StringComparison.Ordinal))
            {
                rows.Add(string.Join('|', row.Split('|')[..3]));
            }
        }
        return rows;
    }

    private static int Unix(DateTime utc) => (int)new DateTimeOffset(utc).ToUnixTimeSeconds();
}
