using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Hosting;

/// <summary>Every response carries the security headers; the policy allows no inline script
/// without this response's nonce.</summary>
public sealed partial class SecurityHeadersTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/help")]
    [InlineData("/css/site.css")]
    [InlineData("/no/such/page")]
    [InlineData("/dashboard")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Matches(ScriptSource(), csp);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task EachResponse_HasItsOwnNonce()
    {
        using var client = portal.CreateClient();

        var first = ScriptSource().Match(Header(await client.GetAsync("/"), "Content-Security-Policy")).Groups[1].Value;
        var second = ScriptSource().Match(Header(await client.GetAsync("/"), "Content-Security-Policy")).Groups[1].Value;

        Assert.True(first.Length >= 16);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task ThePages_HaveNoInlineScriptsStylesOrHandlers()
    {
        using var client = portal.CreateClient();

        foreach (var path in new[] { "/", "/pricing", "/trial", "/account/login", "/help", "/account/forgot-password" })
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandlerOrStyle(), html);
        }
    }

    [Fact]
    public async Task Development_SendsNoHsts()
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.test") });

        var response = await client.GetAsync("/");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Production_SendsHsts_OnHttps()
    {
        using var production = new SqlitePortal { Environment = "Production" };
        production.Settings["Email:UseLocalMailbox"] = "true";
        production.Settings["Billing:TestMode"] = "true";
        production.Settings["DataProtection:AllowUnencryptedKeys"] = "true";
        production.Settings["Sms:UseLocalOutbox"] = "true";
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.test") });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} has no {name} header");

    [GeneratedRegex("script-src 'self' 'nonce-([A-Za-z0-9+/=]+)';")]
    private static partial Regex ScriptSource();

    /// <summary>A script element with a body (not src=...).</summary>
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>\s*\S", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\s(on[a-z]+|style)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();
}
