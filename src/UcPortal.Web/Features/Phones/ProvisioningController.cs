using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Phones;

/// <summary>Configuration files for desk phones. Anonymous because phones cannot log in: the
/// token in the path is the secret, so it never goes into a log line and answers are not cached.
/// Phones append their own file name to the configured URL: Yealink asks for <c>{mac}.cfg</c>,
/// Grandstream for <c>cfg{mac}.xml</c>, both with the MAC in lower case.</summary>
[AllowAnonymous]
[Route("provision")]
[EnableRateLimiting(RateLimitPolicies.Provisioning)]
public sealed class ProvisioningController(ProvisioningFiles files) : Controller
{
    [HttpGet("{token}/{mac}.cfg")]
    public Task<IActionResult> Yealink(string token, string mac, CancellationToken ct) => ServeAsync(token, mac, PhoneBrand.Yealink, ct);

    [HttpGet("{token}/cfg{mac}.xml")]
    public Task<IActionResult> Grandstream(string token, string mac, CancellationToken ct) => ServeAsync(token, mac, PhoneBrand.Grandstream, ct);

    private async Task<IActionResult> ServeAsync(string token, string mac, PhoneBrand brand, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var file = await files.GetAsync(token, mac, brand, ct);
        return file is null ? NotFound() : Content(file.Content, file.ContentType);
    }
}
