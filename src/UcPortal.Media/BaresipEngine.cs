using System.Diagnostics;
using System.Text;

namespace UcPortal.Media;

/// <summary>Where the engine listens and keeps its files.</summary>
/// <param name="WorkDirectory">Config, prompts and recordings in progress (<c>recordings/</c>).</param>
/// <param name="SipListen">host:port of its SIP socket (the address Kamailio's MEDIA_GW names).</param>
/// <param name="ControlListen">host:port of ctrl_tcp (loopback: it is unauthenticated).</param>
/// <param name="RtpPorts">e.g. "20000-20199"; phones (or rtpengine) must reach them at the SIP address's host.</param>
public sealed record BaresipSettings(string WorkDirectory, string SipListen, string ControlListen, string RtpPorts, int MaxCalls, int RtpTimeoutSeconds)
{
    public string RecordingsDirectory => Path.Combine(WorkDirectory, "recordings");

    public string ConfigDirectory => Path.Combine(WorkDirectory, "config");

    public string Host => SipListen[..SipListen.LastIndexOf(':')];

    /// <summary>The settings of a pool of <paramref name="engines"/> engines, each taking one call at a time
    /// (decision 037): engine i (from 0) keeps its files in <c>engine-&lt;i+1&gt;/</c> under
    /// <paramref name="directory"/>, listens for SIP at the given port + 2i (baresip also binds TCP on its SIP port
    /// and TLS on the next one; Kamailio's MEDIA_GW and MEDIA_ENGINES name the same ports) and for control at the
    /// given port + i, and takes the i-th equal share of <paramref name="rtpPorts"/>.</summary>
    public static IReadOnlyList<BaresipSettings> Pool(string directory, string sipListen, string controlListen, string rtpPorts, int engines, int rtpTimeoutSeconds)
    {
        if (engines < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(engines), engines, "at least one media engine");
        }
        var dash = rtpPorts.IndexOf('-');
        var first = int.Parse(rtpPorts[..dash], System.Globalization.CultureInfo.InvariantCulture);
        var last = int.Parse(rtpPorts[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var share = (last - first + 1) / engines;
        if (share < 4)
        {
            throw new ArgumentException($"RTP ports {rtpPorts} give {share} port(s) to each of {engines} engines; each needs at least 4", nameof(rtpPorts));
        }
        return Enumerable.Range(0, engines).Select(i => new BaresipSettings(
            Path.Combine(directory, $"engine-{i + 1}"), Offset(sipListen, 2 * i), Offset(controlListen, i),
            $"{first + i * share}-{first + (i + 1) * share - 1}", 1, rtpTimeoutSeconds)).ToList();
    }

    private static string Offset(string hostPort, int i)
    {
        var colon = hostPort.LastIndexOf(':');
        var port = int.Parse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return $"{hostPort[..colon]}:{port + i}";
    }
}

/// <summary>baresip 1.0 as the answering user agent (decision 014): its config (auto answer, G.711, prompts
/// from WAV files, each call's received audio recorded by sndfile, ctrl_tcp) and, when the portal runs it
/// itself, its process.</summary>
public sealed class BaresipEngine(BaresipSettings settings, string executable = "baresip") : IDisposable
{
    private Process? _process;
    private readonly StringBuilder _log = new();

    public bool IsRunning => _process is { HasExited: false };

    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary>The config file's text. <c>jitter_buffer_delay 0-0</c>: the default buffer loses the last
    /// frames of a recording. No accounts: the portal adds each mailbox with <c>uanew</c>.</summary>
    public static string Config(BaresipSettings s, string silence) => string.Join('\n',
        "poll_method epoll",
        $"sip_listen {s.SipListen}",
        $"net_interface {s.Host}",
        $"call_max_calls {s.MaxCalls}",
        "audio_player aufile,/dev/null",
        "audio_alert aufile,/dev/null",
        $"audio_source aufile,{silence}",
        $"rtp_ports {s.RtpPorts}",
        "jitter_buffer_delay 0-0",
        $"rtp_timeout {s.RtpTimeoutSeconds}",
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module aufile.so",
        "module sndfile.so",
        "module_app account.so",
        "module_app menu.so",
        "module_app ctrl_tcp.so",
        $"snd_path {s.RecordingsDirectory}",
        $"ctrl_tcp_listen {s.ControlListen}",
        "");

    /// <summary>Writes the config (and an empty accounts file) under the work directory.</summary>
    public static void WriteConfig(BaresipSettings s)
    {
        Directory.CreateDirectory(s.ConfigDirectory);
        Directory.CreateDirectory(s.RecordingsDirectory);
        var silence = Path.Combine(s.WorkDirectory, "silence.wav");
        if (!File.Exists(silence))
        {
            // One second of 8 kHz mono 16-bit silence, written by hand: no sox needed to start.
            using var w = new BinaryWriter(File.Create(silence));
            const int samples = 8000;
            w.Write("RIFF"u8); w.Write(36 + samples * 2); w.Write("WAVE"u8);
            w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(8000); w.Write(16000); w.Write((short)2); w.Write((short)16);
            w.Write("data"u8); w.Write(samples * 2); w.Write(new byte[samples * 2]);
        }
        File.WriteAllText(Path.Combine(s.ConfigDirectory, "config"), Config(s, silence));
        File.WriteAllText(Path.Combine(s.ConfigDirectory, "accounts"), "");
    }

    /// <summary>Starts baresip with a fresh config (a running one is left alone).</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }
        WriteConfig(settings);
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(settings.ConfigDirectory);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("baresip did not start");
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
    }

    public void Stop()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
        }
        _process?.Dispose();
        _process = null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            if (_log.Length > 200_000)
            {
                _log.Remove(0, 100_000);
            }
            _log.AppendLine(line);
        }
    }

    public void Dispose() => Stop();
}
