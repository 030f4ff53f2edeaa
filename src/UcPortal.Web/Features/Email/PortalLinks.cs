using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Email;

/// <summary>Absolute links for emails, checkout returns and desk-phone settings. They come from
/// <c>Portal:PublicBaseUrl</c> and never from a request: a request's Host header is chosen by
/// whoever sends it, and a reset link built from it would hand the token to that host (issue 9).
/// Production refuses to start without the setting (<see cref="PortalLinksSetup"/>); elsewhere the
/// portal falls back to the address Kestrel listens on, which is right on a developer's machine.</summary>
public sealed class PortalLinks(IOptions<PortalOptions> options, IServer server)
{
    public string BaseUrl =>
        !string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? options.Value.PublicBaseUrl.TrimEnd('/')
        : ListeningAddress(server) ?? "http://localhost:5080";

    public string To(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);

    /// <summary>The first address the server listens on (https first), with a wildcard host
    /// (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) turned into <c>localhost</c>.</summary>
    internal static string? ListeningAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            return null;
        }
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? addresses.First();
        var wildcard = address.IndexOf("://", StringComparison.Ordinal) + 3;
        var hostEnd = address.LastIndexOf(':');
        if (hostEnd > wildcard)
        {
            var host = address[wildcard..hostEnd];
            if (host is "0.0.0.0" or "[::]" or "+" or "*")
            {
                address = address[..wildcard] + "localhost" + address[hostEnd..];
            }
        }
        return address.TrimEnd('/');
    }
}

public static class PortalLinksSetup
{
    /// <summary>Checks <c>Portal:PublicBaseUrl</c> at startup: required in Production, and when set
    /// it must be an absolute http(s) address.</summary>
    public static void AddPortalLinks(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{PortalOptions.Section}:PublicBaseUrl"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    "Portal:PublicBaseUrl is not set. Production needs the portal's public address (e.g. https://portal.example.com) " +
                    "for the links in emails: they are never built from a request's Host header.");
            }
        }
        else if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"Portal:PublicBaseUrl '{configured}' is not an absolute http(s) address such as https://portal.example.com.");
        }
        builder.Services.AddSingleton<PortalLinks>();
    }
}
