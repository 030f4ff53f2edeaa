using System.Net;
using System.Net.Sockets;
using Npgsql;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Hosting;

/// <summary>/health/live says the process answers; /health/ready (and /health) fail when the portal
/// cannot do its work: the database or the SIP core unreachable (decision 028).</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task WithEverythingReachable_LiveAndReadyAnswer200()
    {
        using var portal = new SqlitePortal();
        using var client = portal.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Contains("\"database\":\"Healthy\"", body);
        Assert.Contains("\"jobs-storage\":\"Healthy\"", body);
        // No SIP core configured (the embedded default): nothing to check.
        Assert.DoesNotContain("sip-core", body);
    }

    [Fact]
    public async Task WhenThePostgresDatabaseRefusesConnections_ReadyFails_LiveStillAnswers()
    {
        using var portal = new PostgresPortal();
        using var client = portal.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var database = new NpgsqlConnectionStringBuilder(portal.ConnectionString).Database!;

        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        NpgsqlConnection.ClearAllPools();
        try
        {
            var ready = await client.GetAsync("/health/ready");
            var health = await client.GetAsync("/health");
            var live = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("\"database\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task WhenTheSipCoreCannotBeReached_ReadyFailsOnIt_LiveStillAnswers()
    {
        var closed = ClosedPort();
        using var portal = new SqlitePortal();
        portal.Settings["SipCore:ConnectionString"] = $"Host=127.0.0.1;Port={closed};Username=kamailio;Database=kamailio";
        portal.Settings["SipCore:RpcUrl"] = $"http://127.0.0.1:{closed}/RPC";
        using var client = portal.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Contains("\"sip-core\":\"Unhealthy\"", body);
        Assert.Contains("\"database\":\"Healthy\"", body);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Instance.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A loopback port nothing listens on (taken, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
