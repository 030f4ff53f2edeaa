using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhoneNumbers;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.SipCore.Tests;

/// <summary>Builds a tenant's desired state the way the portal's TenantPbxStateBuilder does, with
/// one unique SIP domain per test so tests never see each other's rows.</summary>
public static class TestTenant
{
    public const string Password = "s3cret-pass";

    public static string NewDomain(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)] + ".sip.test";

    public static string Ha1(string user, string domain, string password = Password) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{user}:{domain}:{password}")));

    public static PbxExtension Extension(string number, string domain, string? password = null) => new(
        number, number, Ha1(number, domain, password ?? Password), "+12125550100", false,
        PbxDestination.None, PbxDestination.None, PbxDestination.None, 20, PbxDestination.None);

    /// <param name="outbound">False: a trial whose credit is used up (only internal, inbound and emergency calls).</param>
    /// <param name="country">The tenant's country: its calling code and, as the portal computes them, its emergency numbers.</param>
    public static TenantPbxState State(string domain, IReadOnlyList<PbxExtension> extensions, int maxCalls = 10, bool suspended = false,
        bool trial = false, IReadOnlyList<PbxNumber>? numbers = null, IReadOnlyList<PbxRingGroup>? groups = null,
        IReadOnlyList<PbxSchedule>? schedules = null, long version = 1, bool international = false, IReadOnlyList<PbxTrunk>? trunks = null,
        bool outbound = true, string country = "US", string mobile = "+12125550199", bool premium = false) => new(
        Guid.NewGuid(), version, domain,
        new PbxTenantFlags(suspended, trial, outbound, international, maxCalls, country,
            PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(country).ToString(CultureInfo.InvariantCulture), mobile,
            EmergencyNumbers.ForTenant(country, extensions.Select(e => e.Number).Concat((groups ?? []).Select(g => g.Number))),
            premium, TenantPbxStateBuilder.DestinationRulesFor(country)),
        extensions, groups ?? [], numbers ?? [], schedules ?? [], trunks ?? [], Menus: []);

    /// <summary>A number of the tenant that rings <paramref name="destination"/> at all hours, and <paramref name="failover"/>
    /// when that is a trunk that is down (decision 034).</summary>
    public static PbxNumber Number(string e164, PbxDestination destination, PbxDestination? failover = null) =>
        new(e164, destination, PbxDestination.None, null, Failover: failover);

    /// <summary>A customer's trunk recognised by its source addresses (127.0.0.1 on each port).</summary>
    public static PbxTrunk IpTrunk(int maxChannels, params int[] ports) =>
        new(Guid.NewGuid(), "ip", null, null, ports.Select(p => new PbxTrunkAddress("127.0.0.1", p)).ToList(), maxChannels);

    /// <summary>A customer's trunk that registers and authenticates as <paramref name="username"/> (password <see cref="Password"/>).</summary>
    public static PbxTrunk RegisteringTrunk(string username, string domain, int maxChannels) =>
        new(Guid.NewGuid(), "registration", username, Ha1(username, domain), [], maxChannels);
}
