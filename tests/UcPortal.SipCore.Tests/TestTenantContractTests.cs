using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Pbx.Sync;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Most SIP-core tests write tenants made by <see cref="TestTenant"/>, a hand copy of the portal's
/// <see cref="TenantPbxStateBuilder"/>. This contract keeps the copy honest: the same tenant saved in the real
/// portal's database and built by the real builder gives exactly the state the hand fixture gives, for every
/// kind of key the SIP core holds (extensions, caller id, ring groups, numbers routed and unrouted, IP and
/// registering trunks, a number's failover, and the flags of a paid, a trial and a suspended tenant). If the builder changes what
/// it sends, this fails until TestTenant sends the same.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class TestTenantContractTests(SipCoreFixture sip) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-sip-contract-" + Guid.NewGuid().ToString("N")[..10]);
    private TrialLifecycleTests.PortalOnSipCore? _portal;

    [Fact]
    public async Task APaidTenantWithEveryKindOfKey_BuiltByThePortal_IsWhatTestTenantMakes()
    {
        var d = NewDomain("cpaid");
        var ipTrunkId = Guid.NewGuid();
        var regTrunkId = Guid.NewGuid();
        var first = "+12125550100";
        var second = "+12125550177";

        var built = await BuildAsync(d, "business", TenantStatus.Active, "US", "+12125550199", maxCalls: 7, international: true, premium: true,
            numbers: [first, second],
            configure: (db, tenant, numbers) =>
            {
                var e101 = SavedExtension(tenant, "101");
                var e102 = SavedExtension(tenant, "102");
                e102.CallerIdNumberId = numbers[second].Id;
                e102.DoNotDisturb = true;
                e102.ForwardBusy = CallDestination.To(DestinationKind.Extension, "101");
                e102.ForwardNoAnswer = CallDestination.To(DestinationKind.External, "+12125550188");
                e102.NoAnswerSeconds = 15;
                e102.ForwardUnregistered = CallDestination.To(DestinationKind.RingGroup, "300");
                db.Extensions.AddRange(e101, e102);
                var group = new RingGroup
                {
                    Id = Guid.NewGuid(), TenantId = tenant.Id, Number = "300", Name = "Sales", Strategy = RingStrategy.Sequential, RingSeconds = 25,
                    NoAnswerDestination = CallDestination.To(DestinationKind.Extension, "101"), CreatedAtUtc = DateTime.UtcNow,
                };
                group.Members.AddRange([
                    new RingGroupMember { RingGroupId = group.Id, ExtensionId = e102.Id, Position = 0 },
                    new RingGroupMember { RingGroupId = group.Id, ExtensionId = e101.Id, Position = 1 },
                ]);
                db.RingGroups.Add(group);
                var ip = new SipTrunk { Id = ipTrunkId, TenantId = tenant.Id, Name = "Office PBX", AuthMode = TrunkAuthMode.IpAddress, MaxChannels = 4, CreatedAtUtc = DateTime.UtcNow };
                ip.Addresses.AddRange([new SipTrunkAddress { SipTrunkId = ipTrunkId, IpAddress = "127.0.0.1", Port = 5070 }, new SipTrunkAddress { SipTrunkId = ipTrunkId, IpAddress = "127.0.0.1", Port = 5072 }]);
                var reg = new SipTrunk
                {
                    Id = regTrunkId, TenantId = tenant.Id, Name = "Branch", AuthMode = TrunkAuthMode.Registration, Username = "pbx1",
                    Ha1 = SipCredentialFactory.Ha1("pbx1", d, Password), MaxChannels = 2, CreatedAtUtc = DateTime.UtcNow,
                };
                db.SipTrunks.AddRange(ip, reg);
                // The first number is left unrouted (it rings the first extension); the second goes to the IP trunk,
                // and to a mobile when the trunk is down.
                db.NumberRoutes.Add(new NumberRoute
                {
                    PhoneNumberId = numbers[second].Id, TenantId = tenant.Id,
                    OpenDestination = CallDestination.To(DestinationKind.Trunk, ipTrunkId.ToString()),
                    FailoverDestination = CallDestination.To(DestinationKind.External, "+12125550166"),
                });
            });

        var hand = State(d,
            [
                Extension("101", d),
                Extension("102", d) with
                {
                    CallerIdE164 = second, DoNotDisturb = true, ForwardBusy = new PbxDestination("extension", "101"),
                    ForwardNoAnswer = new PbxDestination("external", "+12125550188"), NoAnswerSeconds = 15, ForwardUnregistered = new PbxDestination("ringgroup", "300"),
                },
            ],
            maxCalls: 7, international: true, premium: true,
            groups: [new PbxRingGroup("300", "sequential", 25, ["102", "101"], new PbxDestination("extension", "101"))],
            numbers: [Number(first, new PbxDestination("extension", "101")), Number(second, new PbxDestination("trunk", ipTrunkId.ToString("N")), new PbxDestination("external", "+12125550166"))],
            trunks: [IpTrunk(4, 5070, 5072) with { Id = ipTrunkId }, RegisteringTrunk("pbx1", d, 2) with { Id = regTrunkId }]);

        AssertSame(hand, built);
    }

    [Fact]
    public async Task ATrialWithItsCreditUsedUp_InAnotherCountry_BuiltByThePortal_IsWhatTestTenantMakes()
    {
        var d = NewDomain("ctrial");
        var number = "+441134960000";

        var built = await BuildAsync(d, "trial", TenantStatus.Trial, "GB", "+447700900123", maxCalls: 2, international: true, premium: true,
            numbers: [number], configure: (db, tenant, _) => db.Extensions.AddRange(SavedExtension(tenant, "100"), SavedExtension(tenant, "101")));

        // A trial never calls abroad or premium numbers, whatever the tenant's own settings say.
        var hand = State(d, [Extension("100", d) with { CallerIdE164 = number }, Extension("101", d) with { CallerIdE164 = number }],
            maxCalls: 2, trial: true, outbound: false, country: "GB", mobile: "+447700900123",
            numbers: [Number(number, new PbxDestination("extension", "100"))]);

        AssertSame(hand, built);
    }

    [Fact]
    public async Task ASuspendedTenant_BuiltByThePortal_IsWhatTestTenantMakes()
    {
        var d = NewDomain("csusp");
        var number = "+12125550100";

        var built = await BuildAsync(d, "business", TenantStatus.Suspended, "US", "+12125550199", maxCalls: 10, international: false, premium: false,
            numbers: [number], configure: (db, tenant, _) => db.Extensions.AddRange(SavedExtension(tenant, "101"), SavedExtension(tenant, "102")));

        var hand = State(d, [Extension("101", d), Extension("102", d)], suspended: true,
            numbers: [Number(number, new PbxDestination("extension", "101"))]);

        AssertSame(hand, built);
    }

    /// <summary>Equal as the SIP core's writer sees them (the same JSON), apart from the tenant's id and version,
    /// which every hand fixture makes up, and the call limits, which hand fixtures leave out (no limits) unless
    /// the test is about them: the builder's are checked to be the portal's defaults for such a tenant.</summary>
    private static void AssertSame(TenantPbxState hand, TenantPbxState built)
    {
        Assert.NotNull(built.Flags.Limits);
        Assert.False(built.Flags.Limits!.OutboundBlocked);
        var expected = hand with { TenantId = built.TenantId, Version = built.Version, Trunks = [.. hand.Trunks.OrderBy(t => t.Id)] };
        var actual = built with { Flags = built.Flags with { Limits = null }, Trunks = [.. built.Trunks.OrderBy(t => t.Id)] };
        var options = new JsonSerializerOptions { WriteIndented = true };
        Assert.Equal(JsonSerializer.Serialize(expected, options), JsonSerializer.Serialize(actual, options));
    }

    private static Extension SavedExtension(Tenant tenant, string number) => new()
    {
        Id = Guid.NewGuid(), TenantId = tenant.Id, Number = number, Name = $"Extension {number}", SipUsername = number,
        SipPasswordProtected = "unused", Ha1 = SipCredentialFactory.Ha1(number, tenant.SipDomain, Password), CreatedAtUtc = DateTime.UtcNow,
        // TestTenant's extensions have no mailbox (voicemail tests turn it on); the portal's default is on.
        VoicemailEnabled = false,
    };

    private async Task<TenantPbxState> BuildAsync(string domain, string plan, TenantStatus status, string country, string mobile, int maxCalls,
        bool international, bool premium, string[] numbers, Action<PortalDbContext, Tenant, Dictionary<string, PhoneNumber>> configure)
    {
        Directory.CreateDirectory(_folder);
        _portal ??= new TrialLifecycleTests.PortalOnSipCore(sip, TimeProvider.System, _folder);
        var tenantId = Guid.NewGuid();
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var tenant = new Tenant
            {
                Id = tenantId, Name = "Contract " + domain, SipDomain = domain, Status = status,
                PlanId = await db.Plans.Where(p => p.Code == plan).Select(p => p.Id).SingleAsync(),
                Country = country, VerifiedMobileE164 = mobile, CreatedAtUtc = DateTime.UtcNow, MaxConcurrentCalls = maxCalls,
                InternationalCallsAllowed = international, PremiumDestinationsAllowed = premium,
                SuspendedAtUtc = status == TenantStatus.Suspended ? DateTime.UtcNow : null,
                SuspensionReason = status == TenantStatus.Suspended ? SuspensionReason.PaymentFailed : default,
            };
            db.Tenants.Add(tenant);
            // Numbers of the portal's seeded inventory are taken from it; others are added.
            var phoneNumbers = new Dictionary<string, PhoneNumber>();
            foreach (var e164 in numbers)
            {
                var row = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.E164 == e164);
                if (row is null)
                {
                    row = new PhoneNumber { E164 = e164, Country = country, Region = "Test", City = "Contract", Type = NumberType.Local, Pool = NumberPool.Paid };
                    db.PhoneNumbers.Add(row);
                }
                (row.Status, row.TenantId, row.AssignedAtUtc) = (NumberStatus.Assigned, tenantId, DateTime.UtcNow);
                phoneNumbers[e164] = row;
            }
            await db.SaveChangesAsync();
            configure(db, tenant, phoneNumbers);
            await db.SaveChangesAsync();
        }
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var state = await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenantId, CancellationToken.None);
            return state!;
        }
    }

    public void Dispose()
    {
        _portal?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
