using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace UcPortal.Web.Features.Trials;

/// <summary>The rules that send a signup to staff review instead of provisioning it: many signups
/// from one address or network in a day (an autodialer farm signs up in bulk), or a mobile, a chosen
/// number and a request that come from different countries. Each matching rule gives a reason kept on the signup.</summary>
public sealed class SignupRiskRules(PortalDbContext db, IOptions<TrialOptions> options, TimeProvider clock)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async Task<List<string>> ReasonsAsync(string clientIp, string network, string mobileE164, string numberCountry, string? requestCountry, CancellationToken ct)
    {
        var o = options.Value;
        var reasons = new List<string>();
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        if (clientIp.Length > 0)
        {
            // This signup counts too: the rule speaks of the Nth signup of the day.
            var fromAddress = await db.TrialSignups.CountAsync(s => s.SignupIp == clientIp && s.CreatedAtUtc >= since, ct) + 1;
            if (fromAddress > o.SignupsPerAddressPerDay)
            {
                reasons.Add($"{fromAddress} signups from {clientIp} in 24 hours (more than {o.SignupsPerAddressPerDay})");
            }
            var fromNetwork = await db.TrialSignups.CountAsync(s => s.SignupNetwork == network && s.CreatedAtUtc >= since, ct) + 1;
            if (fromNetwork > o.SignupsPerNetworkPerDay)
            {
                reasons.Add($"{fromNetwork} signups from network {network} in 24 hours (more than {o.SignupsPerNetworkPerDay})");
            }
        }

        var mobileCountry = Phones.GetRegionCodeForNumber(Phones.Parse(mobileE164, null));
        if (mobileCountry != numberCountry)
        {
            reasons.Add($"Mobile is from {mobileCountry}, trial number chosen in {numberCountry}");
        }
        if (requestCountry == "T1")
        {
            reasons.Add("Request came through Tor");
        }
        else if (requestCountry is not null && requestCountry != mobileCountry)
        {
            reasons.Add($"Request came from {requestCountry}, mobile is from {mobileCountry}");
        }
        else if (requestCountry is not null && requestCountry != numberCountry)
        {
            reasons.Add($"Request came from {requestCountry}, trial number chosen in {numberCountry}");
        }
        return reasons;
    }

    /// <summary>The network an address belongs to for the per-network rule: /24 for IPv4, /64 for IPv6.</summary>
    public static string NetworkOf(string clientIp)
    {
        if (!IPAddress.TryParse(clientIp, out var address))
        {
            return "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return $"{new IPAddress(bytes)}/24";
        }
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>The request's country from the trusted header the proxy sets (Trial:RequestCountryHeader),
    /// or null when none is configured or it does not know ("XX").</summary>
    public string? RequestCountryOf(HttpRequest request)
    {
        var header = options.Value.RequestCountryHeader;
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var value = request.Headers[header].ToString().Trim().ToUpperInvariant();
        return value.Length == 2 && value.All(char.IsAsciiLetterOrDigit) && value != "XX" ? value : null;
    }
}
