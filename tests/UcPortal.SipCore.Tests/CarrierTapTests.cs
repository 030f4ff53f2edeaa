using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Sdk;

namespace UcPortal.SipCore.Tests;

/// <summary>The tap's "nothing reached the carrier" check waits for its own marker instead of a fixed
/// pause: a datagram that arrived before the check is still reported, however fast the check runs.</summary>
public sealed class CarrierTapTests
{
    [Fact]
    public async Task ADatagramSentJustBeforeTheCheck_IsReported()
    {
        var port = SipCoreFixture.FreeUdpPort();
        using var tap = new CarrierTap(port);
        using (var attacker = new UdpClient(AddressFamily.InterNetwork))
        {
            var invite = Encoding.UTF8.GetBytes("INVITE sip:+88216000123@127.0.0.1 SIP/2.0\r\n\r\n");
            await attacker.SendAsync(invite, invite.Length, new IPEndPoint(IPAddress.Loopback, port));
        }

        var failure = await Assert.ThrowsAnyAsync<XunitException>(tap.AssertNothingReachedAsync);
        Assert.Contains("INVITE sip:+88216000123", failure.Message);
    }

    [Fact]
    public async Task NothingSent_Passes()
    {
        using var tap = new CarrierTap(SipCoreFixture.FreeUdpPort());
        await tap.AssertNothingReachedAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
