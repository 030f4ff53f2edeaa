using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using UcPortal.Pbx;

namespace UcPortal.Web.Features.Pbx.Sync;

/// <summary>Ready only while the SIP core answers: its database (a query) and Kamailio's JSON-RPC
/// (<c>core.version</c>). Registered only when a SIP core is configured.</summary>
public sealed class SipCoreHealthCheck(Microsoft.Extensions.Options.IOptions<SipCoreOptions> options, IHttpClientFactory http) : IHealthCheck
{
    public const string HttpClientName = "sip-core-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Timeout = 3, Pooling = false }.ConnectionString;
            await using (var connection = new NpgsqlConnection(cs))
            {
                await connection.OpenAsync(timeout.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("The SIP core's database cannot be reached.", ex);
        }
        try
        {
            var rpc = new KamailioRpc(http.CreateClient(HttpClientName), new Uri(options.Value.RpcUrl));
            await rpc.CallAsync("core.version", [], timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TimeoutException or KamailioRpcException or System.Text.Json.JsonException)
        {
            return HealthCheckResult.Unhealthy("The SIP core does not answer.", ex);
        }
        return HealthCheckResult.Healthy();
    }
}
