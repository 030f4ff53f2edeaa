using System.Net;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Phones;

public sealed class StrictProvisioningLimitPortal : IDisposable
{
    public StrictProvisioningLimitPortal() => Portal.Settings["RateLimits:ProvisioningPerIpPer5Minutes"] = "5";

    public SqlitePortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

/// <summary>Guessing provisioning tokens is slowed down per client address, GETs included.</summary>
public sealed class ProvisioningRateLimitTests(StrictProvisioningLimitPortal fixture) : IClassFixture<StrictProvisioningLimitPortal>
{
    [Fact]
    public async Task GuessingTokens_IsCutOffWithA429_AfterTheLimit()
    {
        using var device = fixture.Portal.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            var guess = await device.GetAsync($"/provision/{new string((char)('a' + i), 43)}/001565abcdef.cfg");
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }

        var limited = await device.GetAsync($"/provision/{new string('z', 43)}/cfg001565abcdef.xml");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }
}
