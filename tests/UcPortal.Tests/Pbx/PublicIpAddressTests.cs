using System.Net;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Tests.Pbx;

public sealed class PublicIpAddressTests
{
    [Theory]
    [InlineData("10.1.2.3")]          // private
    [InlineData("172.16.0.1")]        // private
    [InlineData("172.31.255.255")]    // private
    [InlineData("192.168.1.10")]      // private
    [InlineData("127.0.0.1")]         // loopback
    [InlineData("169.254.10.1")]      // link-local
    [InlineData("100.64.0.1")]        // carrier-grade NAT
    [InlineData("100.127.255.254")]   // carrier-grade NAT
    [InlineData("224.0.0.5")]         // multicast
    [InlineData("240.0.0.1")]         // reserved
    [InlineData("255.255.255.255")]   // broadcast
    [InlineData("0.0.0.0")]           // this network
    [InlineData("192.0.2.10")]        // documentation
    [InlineData("198.18.0.1")]        // benchmarking
    [InlineData("::1")]               // loopback
    [InlineData("::")]                // unspecified
    [InlineData("fd12:3456::1")]      // unique local
    [InlineData("fe80::1")]           // link-local
    [InlineData("ff02::1")]           // multicast
    [InlineData("2001:db8::1")]       // documentation
    [InlineData("::ffff:192.168.1.1")] // private, IPv4-mapped
    public void ANonPublicAddress_IsRefused(string text)
    {
        Assert.True(PublicIpAddress.TryParse(text, out var address));
        Assert.False(PublicIpAddress.IsPublic(address));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("81.2.69.160")]
    [InlineData("172.32.0.1")]        // just outside 172.16/12
    [InlineData("100.128.0.1")]       // just outside 100.64/10
    [InlineData("2a00:1450:4009:81f::200e")]
    [InlineData("::ffff:8.8.4.4")]
    public void APublicAddress_IsAccepted(string text)
    {
        Assert.True(PublicIpAddress.TryParse(text, out var address));
        Assert.True(PublicIpAddress.IsPublic(address));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip.example.com")]
    [InlineData("10.1")]
    [InlineData("300.1.1.1")]
    public void SomethingThatIsNotAFullAddress_DoesNotParse(string text) =>
        Assert.False(PublicIpAddress.TryParse(text, out _));
}
