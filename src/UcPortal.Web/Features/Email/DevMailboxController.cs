using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Email;

/// <summary>The local mailbox of the embedded default: every email the portal stored, with its
/// links clickable, and every text message (the SMS outbox). Development only: elsewhere this route does not exist (404).</summary>
[AllowAnonymous]
[Route("dev/mailbox")]
public sealed partial class DevMailboxController(PortalDbContext db, IWebHostEnvironment env) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? to, CancellationToken ct)
    {
        if (!env.IsDevelopment())
        {
            return NotFound();
        }
        var q = db.OutboxEmails.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            q = q.Where(e => e.ToAddress == to.Trim());
        }
        var emails = await q.OrderByDescending(e => e.CreatedAtUtc).Take(200).ToListAsync(ct);
        // Text messages (mobile codes) sit next to the emails; the filter takes a number in any format.
        var texts = db.OutboxSms.AsNoTracking();
        var digits = new string((to ?? "").Where(char.IsAsciiDigit).ToArray());
        if (!string.IsNullOrWhiteSpace(to))
        {
            texts = digits.Length >= 6 ? texts.Where(m => m.ToE164.EndsWith(digits)) : texts.Where(m => false);
        }
        ViewData["Sms"] = await texts.OrderByDescending(m => m.CreatedAtUtc).Take(200).ToListAsync(ct);
        ViewData["To"] = to;
        return View(emails);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Message(Guid id, CancellationToken ct)
    {
        if (!env.IsDevelopment())
        {
            return NotFound();
        }
        var email = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return email is null ? NotFound() : View((email, Links(email)));
    }

    /// <summary>The email's HTML body for the message page's sandboxed frame, with a policy of its
    /// own: emails are made of inline styles, and nothing in them may run.</summary>
    [HttpGet("{id:guid}/html")]
    public async Task<IActionResult> Html(Guid id, CancellationToken ct)
    {
        if (!env.IsDevelopment())
        {
            return NotFound();
        }
        var email = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (email is null)
        {
            return NotFound();
        }
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'";
        Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Content(email.HtmlBody, "text/html; charset=utf-8");
    }

    /// <summary>The email's attachment (a voicemail, a comparison report), as the recipient would open it.</summary>
    [HttpGet("{id:guid}/attachment")]
    public async Task<IActionResult> Attachment(Guid id, CancellationToken ct)
    {
        if (!env.IsDevelopment())
        {
            return NotFound();
        }
        var email = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (email?.AttachmentPath is not { } path || !System.IO.File.Exists(path))
        {
            return NotFound();
        }
        return PhysicalFile(path, email.AttachmentType ?? "application/octet-stream", email.AttachmentName ?? Path.GetFileName(path));
    }

    internal static List<string> Links(OutboxEmail email) =>
        LinkPattern().Matches(email.HtmlBody).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}
