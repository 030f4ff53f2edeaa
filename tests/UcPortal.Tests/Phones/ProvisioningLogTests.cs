using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx;

namespace UcPortal.Tests.Phones;

/// <summary>A portal whose every log line, of every level the configuration lets through, is kept for the test to read.</summary>
public sealed class LogCapturingPortal : SqlitePortal, ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(this));
    }

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    private sealed class Capture(LogCapturingPortal owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
    }
}

public sealed class ProvisioningLogTests(LogCapturingPortal portal) : IClassFixture<LogCapturingPortal>
{
    [Fact]
    public async Task FetchingAConfigurationFile_LogsNeitherTheTokenNorThePassword()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var mac = "0015" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..8];
        await owner.Browser.SubmitAsync("/pbx/phones", "/pbx/phones", [new("Form.MacAddress", mac), new("Form.Model", "yealink-t31p"), new("Form.Label", "Desk")]);
        var phone = await portal.WithDbAsync(db => db.DeskPhones.AsNoTracking().SingleAsync(p => p.MacAddress == mac));
        var extension = await owner.ExtensionAsync(portal, "100");
        await owner.Browser.SubmitAsync($"/pbx/phones/{phone.Id}", $"/pbx/phones/{phone.Id}/lines", [new("lines[0]", extension.Id.ToString())]);
        string password;
        await using (var scope = portal.Scope())
        {
            password = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Unprotect(extension.SipPasswordProtected);
        }
        using var device = portal.CreateBrowser();

        var response = await device.GetAsync($"/provision/{phone.ProvisioningToken}/{mac.ToLowerInvariant()}.cfg");
        await device.GetAsync($"/provision/{phone.ProvisioningToken}/000000000000.cfg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(portal.Lines);
        Assert.DoesNotContain(portal.Lines, l => l.Contains(phone.ProvisioningToken, StringComparison.Ordinal));
        Assert.DoesNotContain(portal.Lines, l => l.Contains(password, StringComparison.Ordinal));
    }
}
