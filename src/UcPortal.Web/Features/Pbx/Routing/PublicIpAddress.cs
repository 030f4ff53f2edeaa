using System.Net;
using System.Net.Sockets;

namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>Whether an address can be a SIP trunk's source on the internet. A private or special
/// address would either never match real traffic or let one customer claim another network's
/// traffic (e.g. 10.0.0.1 behind someone else's NAT), so only public unicast addresses are accepted.</summary>
public static class PublicIpAddress
{
    // IPv4 ranges that are not public unicast (RFC 6890 and friends).
    private static readonly (uint Network, int Prefix)[] ReservedV4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network"
        (0x0A000000, 8),   // 10/8 private
        (0x64400000, 10),  // 100.64/10 carrier-grade NAT
        (0x7F000000, 8),   // 127/8 loopback
        (0xA9FE0000, 16),  // 169.254/16 link-local
        (0xAC100000, 12),  // 172.16/12 private
        (0xC0000000, 24),  // 192.0.0/24 protocol assignments
        (0xC0000200, 24),  // 192.0.2/24 documentation
        (0xC0586300, 24),  // 192.88.99/24 6to4 relay (deprecated)
        (0xC0A80000, 16),  // 192.168/16 private
        (0xC6120000, 15),  // 198.18/15 benchmarking
        (0xC6336400, 24),  // 198.51.100/24 documentation
        (0xCB007100, 24),  // 203.0.113/24 documentation
        (0xE0000000, 4),   // 224/4 multicast
        (0xF0000000, 4),   // 240/4 reserved, including 255.255.255.255
    ];

    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(text) || !IPAddress.TryParse(text.Trim(), out var parsed))
        {
            return false;
        }
        // IPAddress.TryParse also accepts "1" or "10.1" (inet_aton shorthand); people mean full addresses.
        if (parsed.AddressFamily == AddressFamily.InterNetwork && text.Trim().Count(c => c == '.') != 3)
        {
            return false;
        }
        address = parsed;
        return true;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
            return !ReservedV4.Any(r => (value & Mask(r.Prefix)) == r.Network);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        var v6 = address.GetAddressBytes();
        // Only global unicast, 2000::/3, is public; that already leaves out ::, ::1, fc00::/7 (ULA),
        // fe80::/10 (link-local) and ff00::/8 (multicast). Inside it, documentation and 6to4/Teredo tunnels.
        if ((v6[0] & 0xE0) != 0x20)
        {
            return false;
        }
        var isDocumentation = v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8;
        var isTeredo = v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x00 && v6[3] == 0x00;
        var is6To4 = v6[0] == 0x20 && v6[1] == 0x02;
        return !(isDocumentation || isTeredo || is6To4);
    }

    private static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
