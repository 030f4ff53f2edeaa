using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UcPortal.SipCore.Tests;

/// <summary>A call that stays up until the test hangs it up (scenario call-held.xml): the test checks
/// what it must while the call is certainly in progress, on a slow machine as on a fast one, instead
/// of racing a call held for a fixed few seconds.</summary>
public sealed class HeldCall : IDisposable
{
    private readonly Sipp _sipp;
    private readonly string _callId;
    private readonly string _localIp;

    private HeldCall(Sipp sipp, string callId, string localIp)
    {
        _sipp = sipp;
        _callId = callId;
        _localIp = localIp;
    }

    /// <summary>Still up (SIPp still playing the call).</summary>
    public bool IsRunning => _sipp.IsRunning;

    /// <summary>Places the call from <paramref name="localPort"/>; it stays up at most <paramref name="timeoutSeconds"/>.
    /// <paramref name="scenario"/>: call-held.xml, or call-or-busy.xml where a 486 is an outcome too.</summary>
    public static HeldCall Start(int localPort, string proxy, string[] csvFields, string localIp = "127.0.0.1", int timeoutSeconds = 90,
        string scenario = "call-held.xml")
    {
        var callId = $"held-{Guid.NewGuid():N}";
        var sipp = Sipp.Start(scenario, localPort, proxy, csvFields, timeoutSeconds: timeoutSeconds, localIp: localIp, callId: callId);
        return new HeldCall(sipp, callId, localIp);
    }

    /// <summary>Tells the caller to hang up (an INFO with its Call-ID, sent again every half second until
    /// it has finished: one sent before the call was answered is ignored) and returns SIPp's verdict.</summary>
    public async Task<SippResult> HangUpAsync()
    {
        var message = Encoding.ASCII.GetBytes(
            $"INFO sip:hangup@{_localIp} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{Guid.NewGuid():N}\r\n" +
            $"From: <sip:test@127.0.0.1>;tag=hangup\r\nTo: <sip:held@{_localIp}>\r\nCall-ID: {_callId}\r\nCSeq: 1 INFO\r\n" +
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var done = _sipp.WaitAsync();
        while (!done.IsCompleted)
        {
            await udp.SendAsync(message, message.Length, new IPEndPoint(IPAddress.Parse(_localIp), _sipp.LocalPort));
            await Task.WhenAny(done, Task.Delay(500));
        }
        return await done;
    }

    public void Dispose() => _sipp.Dispose();
}
