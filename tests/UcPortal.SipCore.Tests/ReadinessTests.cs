using System.Net;


namespace UcPortal.SipCore.Tests;

/// <summary>/health/ready on the real portal connected to this fixture's Kamailio: ready while the
/// SIP core answers, not ready when its JSON-RPC does not (decision 028).</summary>
[Collection(SipCoreCollection.Name)]
public sealed class ReadinessTests(SipCoreFixture sip) : SipCoreTestBase(sip), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ucportal-ready-").FullName;

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;

    [Fact]
    public async Task WithKamailioAnswering_TheNodeIsReady_WithItsRpcUnreachable_ItIsNot()
    {
        using (var portal = new TrialLifecycleTests.PortalOnSipCore(Sip, TimeProvider.System, Folder("a")))
        using (var client = portal.CreateClient())
        {
            var ready = await client.GetAsync("/health/ready");
            var body = await ready.Content.ReadAsStringAsync();
            Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains("\"sip-core\":\"Healthy\"", body);
        }

        var closedRpc = new Uri($"http://127.0.0.1:{SipCoreFixture.FreeTcpPort()}/RPC");
        using (var portal = new TrialLifecycleTests.PortalOnSipCore(Sip, TimeProvider.System, Folder("b"),
                   new Dictionary<string, string> { ["SipCore:RpcUrl"] = closedRpc.ToString() }))
        using (var client = portal.CreateClient())
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("\"sip-core\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
