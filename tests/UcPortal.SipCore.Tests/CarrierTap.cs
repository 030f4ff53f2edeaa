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
    private (string Text, TaskCompletionSource Seen)? _marker;

    public CarrierTap(int port)
    {
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        _loop = Task.Run(ReceiveAsync);
    }

    /// <summary>Fails with whatever reached the carrier, if anything did. Call it once the SIP core has
    /// answered the requests under test: anything it sent the carrier while handling them left before that
    /// answer. The tap then sends itself a marker and reads until the marker arrives; loopback keeps the
    /// order of datagrams already delivered, so everything the SIP core sent earlier has been read by then.
    /// No fixed pause: on a slow machine it waits longer, never too little.</summary>
    public async Task AssertNothingReachedAsync()
    {
        var marker = "ucportal-tap-marker " + Guid.NewGuid().ToString("N");
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_received)
        {
            _marker = (marker, seen);
        }
        using (var sender = new UdpClient(AddressFamily.InterNetwork))
        {
            var bytes = Encoding.UTF8.GetBytes(marker);
            await sender.SendAsync(bytes, bytes.Length, (IPEndPoint)_socket.Client.LocalEndPoint!);
        }
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
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
                var text = Encoding.UTF8.GetString(datagram.Buffer);
                lock (_received)
                {
                    if (_marker is { } marker && text == marker.Text)
                    {
                        marker.Seen.TrySetResult();
                    }
                    else
                    {
                        _received.Add(text);
                    }
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
