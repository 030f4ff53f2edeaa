using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace UcPortal.Tests.Infrastructure;

/// <summary>A real PostgreSQL server for the tests: the one named by UCPORTAL_TEST_POSTGRES, or
/// a throw-away cluster this process starts on a free loopback port (initdb + pg_ctl, as the
/// postgres user when running as root) and stops when the test run ends.</summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _dataDir;
    private readonly string? _binDir;

    private PostgresServer(string adminConnectionString, string? dataDir, string? binDir)
    {
        AdminConnectionString = adminConnectionString;
        _dataDir = dataDir;
        _binDir = binDir;
    }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>Connects to the server's "postgres" database as a superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();
        using var conn = new NpgsqlConnection(AdminConnectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        cmd.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    private static PostgresServer Start()
    {
        var external = Environment.GetEnvironmentVariable("UCPORTAL_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null);
        }
        var binDir = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql; run the README's test command, which installs them.");

        var root = Path.Combine(Path.GetTempPath(), $"ucportal-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["postgres:postgres", root], asPostgres: false);
        }
        var data = Path.Combine(root, "data");
        var port = FreePort();
        Run(Path.Combine(binDir, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"], asRoot);
        Run(Path.Combine(binDir, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
             $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start"],
            asRoot);
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true", data, binDir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot, root);
        return server;
    }

    private void Stop(bool asRoot, string root)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(_binDir!, "pg_ctl"), ["-D", _dataDir!, "-m", "immediate", "-w", "stop"], asRoot);
            Directory.Delete(root, recursive: true);
        }
        catch (Exception)
        {
            // The run is ending; a leftover folder under /tmp is not worth failing it for.
        }
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = "/tmp";
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

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
