using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UcPortal.SipCore.Tests;

/// <summary>A UDP socket where the carrier gateway is: it answers nothing and keeps whatever SIP
/// reaches it, so a test can assert that an attack never made the SIP core send anything there.</summary>
public sealed class CarrierTap : IDisposable
{
    private readonly UdpClient _socket;
    private readonly List<string> _received = [];
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public CarrierTap(int port)
    {
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        _loop = Task.Run(ReceiveAsync);
    }

    /// <summary>Waits <paramref name="settle"/> for anything still on its way, then fails with what reached the carrier, if anything did.</summary>
    public async Task AssertNothingReachedAsync(TimeSpan settle)
    {
        await Task.Delay(settle);
        string[] received;
        lock (_received)
        {
            received = [.. _received];
        }
        Assert.True(received.Length == 0, "the SIP core sent this to the carrier:\n" + string.Join("\n----\n", received));
    }

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var datagram = await _socket.ReceiveAsync(_stop.Token);
                lock (_received)
                {
                    _received.Add(Encoding.UTF8.GetString(datagram.Buffer));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Stopped while receiving.
        }
        _stop.Dispose();
    }
}
