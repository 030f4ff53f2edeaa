using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Email;

/// <summary>Absolute links for emails. Uses Portal:PublicBaseUrl when configured (required when
/// several nodes run behind a proxy); otherwise the address of the latest request this process
/// served, which is right for a single node and for a developer's machine.</summary>
public sealed class PortalLinks(IOptions<PortalOptions> options)
{
    private volatile string? _seenBaseUrl;

    public string BaseUrl =>
        !string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? options.Value.PublicBaseUrl.TrimEnd('/')
        : _seenBaseUrl ?? "http://localhost:5080";

    public void Observe(HttpRequest request)
    {
        if (request.Host.HasValue)
        {
            _seenBaseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    public string To(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
}
