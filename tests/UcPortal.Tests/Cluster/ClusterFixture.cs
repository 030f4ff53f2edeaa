using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UcPortal.Data;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Cluster;

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "two-node cluster";
}

/// <summary>The two-node stack of <c>scripts/cluster.sh</c>: two portal processes (each with its own
/// Hangfire server) on one PostgreSQL, Kamailio, HAProxy round robin in front, all on loopback.
/// Started once for the collection, stopped (SIGTERM) at the end.</summary>
public sealed class ClusterFixture : IDisposable
{
    private readonly string _script;
    private readonly Dictionary<string, string> _environment;

    public ClusterFixture()
    {
        var repo = RepoRoot();
        _script = Path.Combine(repo, "scripts", "cluster.sh");
        Directory = Path.Combine(Path.GetTempPath(), $"ucportal-cluster-test-{Environment.ProcessId}");
        var portBase = FreePortBase();
        _environment = new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = Directory,
            ["CLUSTER_NODES"] = "2",
            ["CLUSTER_PORT_BASE"] = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_APP"] = Path.Combine(repo, "src", "UcPortal.Web", "bin", "Debug", "net10.0", "UcPortal.Web.dll"),
            // Every signup of the test comes from 127.0.0.1: the per-address limits would send them to review.
            ["RateLimits__SignupPerIpPerHour"] = "100000",
            ["RateLimits__LoginPerIpPer5Minutes"] = "100000",
            ["RateLimits__ProvisioningPerIpPer5Minutes"] = "100000",
            ["Trial__SignupsPerAddressPerDay"] = "100000",
            ["Trial__SignupsPerNetworkPerDay"] = "100000",
            ["Trial__MobileCodesPerHour"] = "100",
            ["Portal__StaffAlertEmails"] = "ops@ucportal.test",
        };
        LoadBalancer = new Uri($"http://127.0.0.1:{portBase + 80}");
        PortalConnectionString = $"Host=127.0.0.1;Port={portBase + 432};Username=postgres;Database=ucportal";
        SipCoreConnectionString = $"Host=127.0.0.1;Port={portBase + 432};Username=kamailio;Database=kamailio";
        Run("start", TimeSpan.FromMinutes(6));
    }

    public string Directory { get; }

    private int _retries;

    /// <summary>Requests resent because the load balancer could not complete them (a node died under them).</summary>
    public int Retries => Volatile.Read(ref _retries);

    public Uri LoadBalancer { get; }

    public string PortalConnectionString { get; }

    public string SipCoreConnectionString { get; }

    public PortalDbContext Db() => new(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(PortalConnectionString).Options);

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = Db();
        return await read(db);
    }

    /// <summary>A customer's browser through the load balancer: cookies kept, redirects not followed;
    /// <paramref name="nodes"/> collects which node answered each request.</summary>
    public PortalBrowser Browser(List<string>? nodes = null, bool retryWhileANodeDies = false)
    {
        var handler = new NodeRecorder(nodes, retryWhileANodeDies, () => Interlocked.Increment(ref _retries))
        {
            InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() },
        };
        return new PortalBrowser(new HttpClient(handler) { BaseAddress = LoadBalancer, Timeout = TimeSpan.FromSeconds(60) });
    }

    public void KillNode(int n) => Run($"kill-node {n}", TimeSpan.FromSeconds(30));

    public void StartNode(int n) => Run($"start-node {n}", TimeSpan.FromMinutes(3));

    public string NodeLog(int n)
    {
        var path = Path.Combine(Directory, $"node{n}.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public void Dispose()
    {
        try
        {
            Run("stop", TimeSpan.FromMinutes(1));
            NpgsqlConnection.ClearAllPools();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception)
        {
            // The run is ending; a leftover folder under /tmp is not worth failing it for.
        }
    }

    private void Run(string arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("bash", $"{_script} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_script)!,
        };
        foreach (var (key, value) in _environment)
        {
            psi.Environment[key] = value;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: false);
            throw new TimeoutException($"cluster.sh {arguments} did not finish in {timeout}: {stderr.Result}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {arguments} exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UcPortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("UcPortal.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A base B with the ports the script uses (B+60 … B+432) all free on loopback.</summary>
    private static int FreePortBase()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var candidate = 20_000 + Random.Shared.Next(0, 400) * 100;
            int[] offsets = [60, 71, 80, 81, 82, 90, 432];
            if (offsets.All(o => IsFree(candidate + o)))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("No free port range for the cluster");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Records HAProxy's X-Portal-Node header; optionally resends a request the load balancer
    /// could not complete (502/503, or a connection cut) as a person presses reload: the request
    /// a killed node had in hand.</summary>
    private sealed class NodeRecorder(List<string>? nodes, bool retry, Action retried) : DelegatingHandler
    {
        /// <summary>20 s of resending at most: HAProxy needs 3 failed checks (≈ 3 s) to take a dead node out.</summary>
        private const int MaxAttempts = 40;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                HttpResponseMessage response;
                try
                {
                    response = await base.SendAsync(request, cancellationToken);
                }
                catch (HttpRequestException) when (retry && attempt < MaxAttempts)
                {
                    retried();
                    await Task.Delay(500, cancellationToken);
                    continue;
                }
                if (retry && attempt < MaxAttempts && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                {
                    response.Dispose();
                    retried();
                    await Task.Delay(500, cancellationToken);
                    continue;
                }
                if (nodes is not null && response.Headers.TryGetValues("X-Portal-Node", out var values))
                {
                    lock (nodes)
                    {
                        nodes.Add(values.First());
                    }
                }
                return response;
            }
        }
    }
}
