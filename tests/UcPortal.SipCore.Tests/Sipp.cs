using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UcPortal.SipCore.Tests;

/// <summary>Runs SIPp as a phone or as the carrier, one call per process, with a hard timeout.</summary>
public sealed class Sipp : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _output = new();

    private Sipp(Process process, string dir)
    {
        _process = process;
        _dir = dir;
    }

    public int LocalPort { get; private init; }

    /// <summary>Still playing its scenario (e.g. a call still up).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts a SIPp process. <paramref name="remote"/> null = a UAS that waits for calls.
    /// <paramref name="placeholders"/>: words of the scenario replaced by the given text (e.g. regexps it checks).
    /// <paramref name="localIp"/>: the loopback address SIPp sends from (127.0.0.0/8 all reaches Kamailio), so
    /// a test can play a phone at an address of its own, as the SIP core's per-address defences see it.
    /// <paramref name="callId"/>: the Call-ID of the (single) call instead of SIPp's own, e.g. a real dialog's.</summary>
    public static Sipp Start(string scenario, int localPort, string? remote, string[]? csvFields = null, string? expected = null,
        int calls = 1, int holdMs = 0, int timeoutSeconds = 30, IReadOnlyDictionary<string, string>? placeholders = null,
        string localIp = "127.0.0.1", string? callId = null, int? mediaPort = null, IReadOnlyList<string[]>? csvRows = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"sipp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", scenario));
        if (expected is not null)
        {
            xml = xml.Replace("EXPECTED", expected, StringComparison.Ordinal);
        }
        foreach (var (word, text) in placeholders ?? new Dictionary<string, string>())
        {
            xml = xml.Replace(word, text, StringComparison.Ordinal);
        }
        var scenarioPath = Path.Combine(dir, scenario);
        File.WriteAllText(scenarioPath, xml);
        var psi = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        var args = new List<string>();
        if (remote is not null)
        {
            args.Add(remote);
        }
        args.AddRange(["-sf", scenarioPath, "-i", localIp, "-p", localPort.ToString(), "-m", calls.ToString(),
            "-timeout", $"{timeoutSeconds}s", "-timeout_error", "-nostdin", "-trace_err", "-trace_msg",
            "-error_file", Path.Combine(dir, "errors.log"), "-message_file", Path.Combine(dir, "messages.log"), "-d", holdMs.ToString(), "-l", calls.ToString(),
            // A stray message must not abort the call: Kamailio's workers can relay a phone's 180 just
            // after its 200 when both arrive at once. A call whose expected message never comes still
            // fails, by -timeout_error.
            "-default_behaviors", "all,-abortunexp"]);
        if (mediaPort is not null)
        {
            // The RTP port a scenario plays audio from (play_pcap_audio): one per process, so calls at once never share it.
            args.AddRange(["-mp", mediaPort.Value.ToString()]);
        }
        if (callId is not null)
        {
            // SIPp matches answers to calls by Call-ID, so a forged one must be SIPp's own: -cid_str sets it.
            args.AddRange(["-cid_str", callId.Replace("%", "%%", StringComparison.Ordinal)]);
        }
        if (csvFields is not null || csvRows is not null)
        {
            // One row per call (SEQUENTIAL): e.g. each of several calls at once presses its own key.
            var csv = Path.Combine(dir, "data.csv");
            File.WriteAllText(csv, "SEQUENTIAL\n" + string.Concat((csvRows ?? [csvFields!]).Select(r => string.Join(';', r) + ";\n")));
            args.AddRange(["-inf", csv]);
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi)!;
        var sipp = new Sipp(p, dir) { LocalPort = localPort };
        p.OutputDataReceived += (_, e) => sipp.Append(e.Data);
        p.ErrorDataReceived += (_, e) => sipp.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (remote is null)
        {
            WaitUntilBound(IPAddress.Parse(localIp), localPort, p);
        }
        return sipp;
    }

    /// <summary>Runs one call to completion and returns SIPp's verdict (exit code 0 = every call as scripted).</summary>
    public static async Task<SippResult> RunAsync(string scenario, int localPort, string remote, string[] csvFields, string? expected = null, int holdMs = 0,
        int timeoutSeconds = 30, IReadOnlyDictionary<string, string>? placeholders = null, string localIp = "127.0.0.1", string? callId = null, int? mediaPort = null)
    {
        using var sipp = Start(scenario, localPort, remote, csvFields, expected, holdMs: holdMs, timeoutSeconds: timeoutSeconds, placeholders: placeholders,
            localIp: localIp, callId: callId, mediaPort: mediaPort);
        return await sipp.WaitAsync();
    }

    public async Task<SippResult> WaitAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(true);
            return new SippResult(-1, Describe("killed after 120 s"));
        }
        _process.WaitForExit();
        return new SippResult(_process.ExitCode, Describe($"exit {_process.ExitCode}"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            _process.WaitForExit(5_000);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder is not worth failing a test for.
        }
    }

    private string Describe(string verdict)
    {
        var errors = ReadOrEmpty("errors.log");
        var messages = ReadOrEmpty("messages.log");
        string output;
        lock (_output)
        {
            output = _output.ToString();
        }
        return $"SIPp {verdict}\n--- errors\n{errors}\n--- messages\n{Tail(messages, 6000)}\n--- output\n{Tail(output, 2000)}";
    }

    private string ReadOrEmpty(string name)
    {
        var path = Directory.EnumerateFiles(_dir, "*" + Path.GetFileNameWithoutExtension(name) + "*").FirstOrDefault();
        return path is null ? "" : File.ReadAllText(path);
    }

    private static string Tail(string s, int n) => s.Length <= n ? s : s[^n..];

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    // A UAS must listen before the call is placed; SIPp gives no ready signal, so watch its port. It is
    // read from /proc/net/udp, not probed by binding it: a probe holding the port (a descheduled thread on
    // a loaded machine) could make SIPp's own bind fail.
    private static void WaitUntilBound(IPAddress ip, int port, Process p)
    {
        // Up to 30 s: a loaded machine can take seconds to start SIPp; a bound port or an exited SIPp
        // ends the wait at once.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30) && !p.HasExited)
        {
            if (IsUdpPortBound(port))
            {
                return;
            }
            Thread.Sleep(30);
        }
        throw new InvalidOperationException($"SIPp did not bind UDP port {port}");
    }

    /// <summary>Whether some socket is bound to the UDP port (IPv4 or IPv6), from the kernel's own table.</summary>
    private static bool IsUdpPortBound(int port)
    {
        var suffix = ":" + port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/udp", "/proc/net/udp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 1 && columns[1].EndsWith(suffix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }
}

public sealed record SippResult(int ExitCode, string Log)
{
    public bool Succeeded => ExitCode == 0;
}
