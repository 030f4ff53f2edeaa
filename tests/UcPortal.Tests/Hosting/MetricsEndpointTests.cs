using System.Net;
using Microsoft.AspNetCore.Http;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Hosting;

namespace UcPortal.Tests.Hosting;

/// <summary>The Prometheus scrape endpoint (decision 029) serves the portal's OpenTelemetry metrics to
/// the host itself, configured networks or the bearer token, and answers everyone else like an
/// unknown address.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private const string Token = "scrape-token-for-tests-0123456789";
    private readonly SqlitePortal _portal = new();

    public MetricsEndpointTests() => _portal.Settings["Telemetry:ScrapeToken"] = Token;

    public void Dispose() => _portal.Dispose();

    [Fact]
    public async Task WithTheToken_TheMetricsOfRequestsAndQueriesAreServed_WithoutIt_A404()
    {
        using var client = _portal.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pricing")).StatusCode);

        // The test server has no client address: neither loopback nor a configured network.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer not-the-token" } } };
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(wrong)).StatusCode);

        var text = "";
        // The exporter collects on a scrape; the request above may land in the next collection.
        for (var attempt = 0; attempt < 20 && !text.Contains("http_server_request_duration_seconds_count", StringComparison.Ordinal); attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer " + Token } } };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }
        Assert.Contains("http_server_request_duration_seconds_count", text);
        Assert.Matches("http_route=\"/?pricing\"", text);
        Assert.Contains("dotnet_gc_collections", text);
    }

    [Theory]
    [InlineData("127.0.0.1", null, null, true)]
    [InlineData("::1", null, null, true)]
    [InlineData("::ffff:127.0.0.1", null, null, true)]
    [InlineData("127.0.0.1", "X-Forwarded-For", null, false)]
    [InlineData("127.0.0.1", "X-Original-For", null, false)]
    [InlineData("203.0.113.7", null, null, false)]
    [InlineData("10.1.2.3", null, null, true)]
    [InlineData("10.1.2.3", "X-Forwarded-For", null, false)]
    [InlineData("192.168.1.9", null, null, false)]
    [InlineData("203.0.113.7", null, "Bearer " + Token, true)]
    [InlineData("203.0.113.7", null, "Bearer wrong", false)]
    [InlineData("203.0.113.7", null, Token, false)]
    [InlineData(null, null, null, false)]
    public void WhoMayScrape(string? remote, string? forwardedHeader, string? authorization, bool allowed)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (forwardedHeader is not null)
        {
            headers[forwardedHeader] = "198.51.100.1";
        }
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }
        var networks = new[] { IPNetwork.Parse("10.0.0.0/8") };

        Assert.Equal(allowed, MetricsAccess.IsAllowed(remote is null ? null : IPAddress.Parse(remote), headers, networks, Token));
    }
}
