using System.Security.Cryptography;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace UcPortal.Web.Hosting;

/// <summary>Security headers on every response. The Content-Security-Policy allows scripts and
/// styles from the portal itself and, for an inline one, only with this request's nonce (added by
/// <see cref="CspNonceTagHelper"/> to every literal script and style element of a view, never to
/// markup that comes out of data). A response that sets its own policy first keeps it (the local
/// mailbox's email frame).</summary>
public static class SecurityHeaders
{
    private const string NonceKey = "ucportal.csp-nonce";

    /// <summary>Where a form may send the browser: the portal, and Stripe's hosted checkout and
    /// customer portal (a POST answered by a redirect there counts as the form's target).</summary>
    private const string FormTargets = "'self' https://checkout.stripe.com https://billing.stripe.com";

    public static string Policy(string nonce, bool inlineStyles = false) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        (inlineStyles ? "style-src 'self' 'unsafe-inline'; " : $"style-src 'self' 'nonce-{nonce}'; ") +
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        // blob: media: the Voicemail page plays a greeting just recorded in the browser before it is sent.
        "media-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; " +
        $"form-action {FormTargets}; frame-ancestors 'none'";

    /// <summary>The nonce of this request's Content-Security-Policy.</summary>
    public static string CspNonce(this HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders has not run for this request.");

    public static void UseSecurityHeaders(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            // OnStarting, not now: the exception handler clears the headers of a failed response.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // The developer exception page is made of inline styles and scripts.
                if (!(development && context.Response.StatusCode >= 500))
                {
                    // Hangfire's dashboard (staff only) has style attributes in its pages; its scripts are files.
                    var hangfire = context.Request.Path.StartsWithSegments("/admin/jobs");
                    headers.TryAdd("Content-Security-Policy", Policy(nonce, inlineStyles: hangfire));
                }
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                // Reset, confirmation and invitation links carry tokens: no other site sees our addresses.
                headers.TryAdd("Referrer-Policy", "same-origin");
                // The microphone only where a recording is made in the browser: a mailbox greeting, a menu's prompt.
                var microphone = context.Request.Path.StartsWithSegments("/pbx/voicemail") || context.Request.Path.StartsWithSegments("/pbx/auto-attendants") ? "(self)" : "()";
                headers.TryAdd("Permissions-Policy", $"camera=(), microphone={microphone}, geolocation=(), payment=()");
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}

/// <summary>Gives every <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> written in a view this
/// request's CSP nonce, so an inline one runs and anything injected by data does not.</summary>
[HtmlTargetElement("script")]
[HtmlTargetElement("style")]
public sealed class CspNonceTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // After the other tag helpers (asp-append-version), which do not touch the nonce.
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        output.Attributes.SetAttribute("nonce", ViewContext.HttpContext.CspNonce());
}
