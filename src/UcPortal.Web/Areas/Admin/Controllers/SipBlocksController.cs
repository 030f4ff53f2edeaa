using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Pbx;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class SipBlocksPage
{
    /// <summary>Null when no SIP core is connected.</summary>
    public IReadOnlyList<BlockedSipSource>? Blocks { get; init; }
    public string? Error { get; init; }
    public DateTime NowUtc { get; init; }
}

/// <summary>Addresses the SIP core blocks after too many failed logins (docs/decisions/012), and
/// lifting a block: an office behind one address, locked out by a phone with an old password.
/// Every lift is logged with the staff member who asked for it.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/sip-blocks")]
public sealed class SipBlocksController(ISipSourceBlocks blocks, TimeProvider clock, StaffAudit audit, PortalUnitOfWork unitOfWork, ILogger<SipBlocksController> log) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        try
        {
            return View(new SipBlocksPage { Blocks = await blocks.ListAsync(ct), NowUtc = clock.GetUtcNow().UtcDateTime });
        }
        catch (Exception ex) when (ex is HttpRequestException or KamailioRpcException or TimeoutException)
        {
            log.LogWarning(ex, "Listing the SIP core's blocked addresses failed");
            return View(new SipBlocksPage { Blocks = [], Error = "The SIP core did not answer: " + ex.Message, NowUtc = clock.GetUtcNow().UtcDateTime });
        }
    }

    [HttpPost("lift")]
    public async Task<IActionResult> Lift(string? address, CancellationToken ct)
    {
        var actor = "staff:" + (User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "unknown");
        try
        {
            var lifted = await blocks.LiftAsync(address ?? "", ct);
            if (lifted)
            {
                log.LogWarning("SIP block of {Address} lifted by {Actor}", address!.Trim(), actor);
                audit.Record(AuditActions.SipBlockLifted, target: address.Trim(), detail: "Failed-login block lifted on the SIP core.");
                await unitOfWork.CommitAsync(ct);
                TempData["Info"] = $"The block of {address.Trim()} is lifted; its failed logins are forgotten.";
            }
            else
            {
                TempData["Info"] = $"{address?.Trim()} was not blocked (any more).";
            }
        }
        catch (ArgumentException ex)
        {
            // The page only posts addresses it listed: anything else is a hand-made request.
            return BadRequest(ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or KamailioRpcException or TimeoutException)
        {
            log.LogWarning(ex, "Lifting the SIP block of {Address} for {Actor} failed", address, actor);
            TempData["Info"] = "The SIP core did not lift the block: " + ex.Message;
        }
        return Redirect("/admin/sip-blocks");
    }
}
