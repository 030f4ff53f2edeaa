using System.Net;
using System.Net.Sockets;
using System.Text;
using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>Password guessing: an address that fails digest authentication too often is refused for
/// a while, other addresses are not, and staff can see and lift the block (through
/// <see cref="KamailioSipSourceBlocks"/>, as the staff pages will). Floods are dropped by pike.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class BruteForceTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    private const string Blocked = "Blocked After Failed Logins";

    [Fact]
    public async Task AnAddressFailingLogins_IsBlockedAtTheLimit_OthersAreNot_AndStaffCanListAndLiftTheBlock()
    {
        var d = NewDomain("guess");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));
        var attacker = NewLoopbackAddress();
        using var http = new HttpClient();
        var blocks = new KamailioSipSourceBlocks(new KamailioRpc(http, Sip.RpcUrl), TimeProvider.System);

        // One failure short of the limit, the address still works.
        for (var i = 1; i < SipCoreFixture.AuthFailMax; i++)
        {
            await RegisterAsync("101", d, password: $"guess-{i}", expected: "403", ip: attacker);
        }
        await RegisterAsync("101", d, ip: attacker);
        Assert.DoesNotContain(await blocks.ListAsync(CancellationToken.None) ?? [], b => b.Address == attacker);

        // The next failure (an unknown user counts too) blocks it: even the right password is refused, calls too.
        var blockedAt = DateTime.UtcNow;
        await RegisterAsync("no-such-user", d, expected: "403", ip: attacker);
        await RegisterAsync("101", d, expected: "403", ip: attacker);
        await CallRefusedAsync("101", d, "102", "403", Blocked, ip: attacker);
        await RegisterAsync("101", d);

        var block = Assert.Single((await blocks.ListAsync(CancellationToken.None))!, b => b.Address == attacker);
        Assert.Equal(SipCoreFixture.AuthFailMax, block.Failures);
        Assert.InRange(block.SinceUtc, blockedAt.AddSeconds(-2), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(SipCoreFixture.AuthBanSeconds), block.UntilUtc - block.SinceUtc);

        Assert.True(await blocks.LiftAsync(attacker, CancellationToken.None));
        await RegisterAsync("101", d, ip: attacker);
        Assert.DoesNotContain((await blocks.ListAsync(CancellationToken.None))!, b => b.Address == attacker);
        Assert.False(await blocks.LiftAsync(attacker, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => blocks.LiftAsync("not-an-address", CancellationToken.None));
    }

    [Fact]
    public async Task CallsWithWrongPasswords_CountToo()
    {
        var d = NewDomain("guesscall");
        await ApplyAsync(State(d, [Extension("101", d), Extension("102", d)]));
        var attacker = NewLoopbackAddress();

        for (var i = 0; i < SipCoreFixture.AuthFailMax; i++)
        {
            await CallRefusedAsync("101", d, "+12125550111", "403", "Forbidden", password: $"guess-{i}", ip: attacker);
        }

        await CallRefusedAsync("101", d, "102", "403", Blocked, ip: attacker);
    }

    [Fact]
    public async Task AFloodFromOneAddress_IsDropped_WhileOtherAddressesAreAnswered()
    {
        var flooder = NewLoopbackAddress();
        using var flood = new UdpClient(new IPEndPoint(IPAddress.Parse(flooder), 0));
        // Five times the density: most of the flood must be dropped.
        const int sent = SipCoreFixture.PikeDensity * 5;
        for (var i = 0; i < sent; i++)
        {
            var options = Options(flooder, ((IPEndPoint)flood.Client.LocalEndPoint!).Port, i);
            await flood.SendAsync(options, options.Length, new IPEndPoint(IPAddress.Loopback, Sip.SipPort));
        }
        var answered = await CountAnswersAsync(flood, TimeSpan.FromSeconds(2));

        Assert.True(answered < sent / 2, $"{answered} of {sent} OPTIONS from one address answered");
        Assert.True(answered > 0, "the first requests of the address should have been answered");
        using var other = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var probe = Options("127.0.0.1", ((IPEndPoint)other.Client.LocalEndPoint!).Port, 0);
        await other.SendAsync(probe, probe.Length, new IPEndPoint(IPAddress.Loopback, Sip.SipPort));
        Assert.Equal(1, await CountAnswersAsync(other, TimeSpan.FromSeconds(2)));
    }

    private static byte[] Options(string ip, int port, int n)
    {
        var callId = Guid.NewGuid().ToString("N");
        return Encoding.ASCII.GetBytes(
            $"OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP {ip}:{port};branch=z9hG4bK{callId}{n}\r\n" +
            $"From: <sip:scanner@{ip}>;tag={n}\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\n" +
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
    }

    private static async Task<int> CountAnswersAsync(UdpClient socket, TimeSpan quiet)
    {
        var answers = 0;
        while (true)
        {
            using var wait = new CancellationTokenSource(quiet);
            try
            {
                var reply = await socket.ReceiveAsync(wait.Token);
                if (Encoding.ASCII.GetString(reply.Buffer).StartsWith("SIP/2.0 200", StringComparison.Ordinal))
                {
                    answers++;
                }
            }
            catch (OperationCanceledException)
            {
                return answers;
            }
        }
    }
}
