using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using UcPortal.Pbx;

namespace UcPortal.SipCore.Tests;

[CollectionDefinition(Name)]
public sealed class SipCoreCollection : ICollectionFixture<SipCoreFixture>
{
    public const string Name = "sip core";
}

/// <summary>A whole SIP core for the tests: a throw-away PostgreSQL (initdb as the postgres user
/// when running as root), the schema made by deploy/kamailio/create-schema.sh, and Kamailio running
/// deploy/kamailio/kamailio.cfg on free loopback ports. Installs nothing: scripts/test.sh does.</summary>
public sealed class SipCoreFixture : IDisposable
{
    private readonly string _root;
    private readonly string _pgBin;
    private readonly bool _asRoot = Environment.UserName == "root";
    private readonly StringBuilder _kamailioLog = new();
    private Process? _kamailio;

    public SipCoreFixture()
    {
        RepoRoot = FindRepoRoot();
        _pgBin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL binaries not found: run scripts/test.sh, which installs them.");
        _root = Path.Combine("/tmp", $"ucportal-sipcore-{Environment.ProcessId}-{Guid.NewGuid():N}"[..44]);
        Directory.CreateDirectory(_root);
        if (_asRoot)
        {
            Run("chown", ["postgres:postgres", _root], asPostgres: false);
        }
        PgPort = FreeTcpPort();
        Run(Path.Combine(_pgBin, "initdb"), ["-D", Path.Combine(_root, "pg"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"], _asRoot);
        Run(Path.Combine(_pgBin, "pg_ctl"), ["-D", Path.Combine(_root, "pg"), "-l", Path.Combine(_root, "pg.log"), "-w", "-t", "60", "-o",
            $"-p {PgPort} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start"], _asRoot);
        Run(Path.Combine(RepoRoot, "deploy/kamailio/create-schema.sh"), [], asPostgres: false,
            env: new() { ["PGHOST"] = "127.0.0.1", ["PGPORT"] = PgPort.ToString(), ["PGUSER"] = "postgres" });

        SipPort = FreeUdpPort();
        RpcPort = FreeTcpPort();
        CarrierPort = FreeUdpPort();
        // Engines at every second port (baresip binds TLS on SIP port + 1): 2 × MediaEngines ports, UDP and TCP.
        MediaPort = FreePorts(2 * MediaEngines, udp: true, tcp: true);
        ConnectionString = $"Host=127.0.0.1;Port={PgPort};Username=kamailio;Database=kamailio;Pooling=false";
        RpcUrl = new Uri($"http://127.0.0.1:{RpcPort}/RPC");
        Writer = new KamailioStateWriter(ConnectionString, RpcUrl);
        StartKamailio();
    }

    public string RepoRoot { get; }
    public int PgPort { get; }
    public int SipPort { get; }
    public int RpcPort { get; }

    /// <summary>The carrier gateway: calls from 127.0.0.1 on this port are the carrier's, and calls
    /// to external numbers are sent here.</summary>
    public int CarrierPort { get; }

    /// <summary>The first media engine's SIP port (MEDIA_GW 127.0.0.1:MediaPort; the others at the next ports,
    /// + 2, + 4…, MEDIA_ENGINES): a test that runs the portal with voicemail on makes its engines listen there.</summary>
    public int MediaPort { get; }

    /// <summary>Engines in the media pool (decision 037): Kamailio's MEDIA_ENGINES and the portal's Voicemail:Engines.</summary>
    public const int MediaEngines = 4;

    /// <summary>Failed logins of one address after which Kamailio blocks it (AUTH_FAIL_MAX), and for how long.</summary>
    public const int AuthFailMax = 5;

    /// <summary>Initial requests per 2 s from one address before pike drops its traffic (PIKE_DENSITY).</summary>
    public const int PikeDensity = 400;
    public const int AuthBanSeconds = 600;

    /// <summary>The header an emergency call carries the calling number's address in (EMERGENCY_ADDRESS_HEADER).</summary>
    public const string EmergencyAddressHeader = "X-Emergency-Address";

    public string ConnectionString { get; }
    public Uri RpcUrl { get; }
    public KamailioStateWriter Writer { get; }
    public string KamailioLog { get { lock (_kamailioLog) { return _kamailioLog.ToString(); } } }

    public void StartKamailio()
    {
        var psi = new ProcessStartInfo("kamailio")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        // acc writes local time; the portal reads it as UTC.
        psi.Environment["TZ"] = "UTC";
        foreach (var arg in (string[])["-f", Path.Combine(RepoRoot, "deploy/kamailio/kamailio.cfg"), "-P", Path.Combine(_root, "kamailio.pid"), "-DD", "-E",
            "-A", $"SIP_LISTEN=udp:127.0.0.1:{SipPort}", "-A", $"RPC_LISTEN=tcp:127.0.0.1:{RpcPort}",
            "-A", $"DBURL=\"postgres://kamailio@127.0.0.1:{PgPort}/kamailio\"",
            "-A", "CARRIER_SRC_IP=\"127.0.0.1\"", "-A", $"CARRIER_SRC_PORT={CarrierPort}", "-A", $"CARRIER_GW=\"127.0.0.1:{CarrierPort}\"", "-A", $"MEDIA_GW=\"127.0.0.1:{MediaPort}\"", "-A", $"MEDIA_ENGINES={MediaEngines}",
            "-A", "DLG_TIMEOUT=60", "-A", $"AUTH_FAIL_MAX={AuthFailMax}", "-A", "AUTH_FAIL_WINDOW=60", "-A", $"AUTH_BAN_TIME={AuthBanSeconds}",
            "-A", $"EMERGENCY_ADDRESS_HEADER=\"{EmergencyAddressHeader}\"", "-A", "WITH_TEST_CLOCK", "-A", "WITH_TEST_CAP_GATE", "-A", "WITH_TEST_ENGINE_GATE",
            // Every test's phones send from 127.0.0.1: at the production density (50 initial requests per 2 s)
            // the burst test's 40 calls (two INVITEs each, the first one challenged) tripped pike on a fast CI
            // machine, and the next REGISTER from 127.0.0.1 went unanswered. The flood test sends far more.
            "-A", $"PIKE_DENSITY={PikeDensity}"])
        {
            psi.ArgumentList.Add(arg);
        }
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _kamailio = p;
        // Ready when the RPC answers (startup takes well under a second).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (p.HasExited)
            {
                throw new InvalidOperationException($"kamailio exited {p.ExitCode}:\n{KamailioLog}");
            }
            try
            {
                var reply = http.PostAsync(RpcUrl, new StringContent("""{"jsonrpc":"2.0","method":"core.version","id":1}""")).Result;
                if (reply.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (AggregateException)
            {
                // Not listening yet.
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"kamailio did not answer RPC in 15 s:\n{KamailioLog}");
    }

    public void StopKamailio()
    {
        if (_kamailio is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        _kamailio = null;
    }

    public NpgsqlConnection OpenDb()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        conn.Open();
        return conn;
    }

    public async Task RpcAsync(string method, params object[] args)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await new KamailioRpc(http, RpcUrl).CallAsync(method, args, CancellationToken.None);
    }

    /// <summary>An integer in one of Kamailio's in-memory hash tables, or null when it has no such key.</summary>
    public async Task<long?> HtableIntAsync(string table, string key)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var reply = await new KamailioRpc(http, RpcUrl).CallAsync("htable.get", [table, key], CancellationToken.None);
            return reply.GetProperty("item").GetProperty("value").GetInt64();
        }
        catch (KamailioRpcException ex) when (ex.Message.Contains("doesn't exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public void Dispose()
    {
        StopKamailio();
        Writer.Dispose();
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(_pgBin, "pg_ctl"), ["-D", Path.Combine(_root, "pg"), "-m", "immediate", "-w", "stop"], _asRoot);
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception)
        {
            // The run is ending; a leftover folder under /tmp is not worth failing it for.
        }
    }

    public static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The first of <paramref name="count"/> consecutive free loopback ports (UDP or TCP), e.g. for a pool of engines.</summary>
    public static int FreePorts(int count, bool udp, bool tcp = false)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(40000, 60000 - count);
            var held = new List<IDisposable>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    if (udp)
                    {
                        held.Add(new UdpClient(new IPEndPoint(IPAddress.Loopback, first + i)));
                    }
                    if (tcp || !udp)
                    {
                        var l = new TcpListener(IPAddress.Loopback, first + i);
                        l.Start();
                        held.Add(l);
                    }
                }
                return first;
            }
            catch (SocketException)
            {
            }
            finally
            {
                foreach (var h in held)
                {
                    h.Dispose();
                }
            }
        }
        throw new InvalidOperationException($"no {count} consecutive free ports");
    }

    public static int FreeUdpPort()
    {
        using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)u.Client.LocalEndPoint!).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_kamailioLog)
        {
            // Bounded: a long run must not grow the log without limit.
            if (_kamailioLog.Length > 2_000_000)
            {
                _kamailioLog.Remove(0, 1_000_000);
            }
            _kamailioLog.AppendLine(line);
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UcPortal.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("UcPortal.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Run(string file, string[] args, bool asPostgres, Dictionary<string, string>? env = null)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = "/tmp";
        foreach (var (k, v) in env ?? [])
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} did not finish in 120 s");
        }
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }
}
