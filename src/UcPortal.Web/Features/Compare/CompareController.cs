using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Compare;

public sealed class ComparePage
{
    public required CompareForm Form { get; init; }
    public ComparisonResult? Result { get; init; }
    public string Currency { get; init; } = "USD";

    /// <summary>Set when the report form was sent: the address the confirmation went to.</summary>
    public string? ReportRequestedFor { get; init; }

    /// <summary>The chart's data for compare-chart.js: months and each option's running total.</summary>
    public string ChartJson() => Result is null ? "{}" : JsonSerializer.Serialize(new
    {
        currency = ComparisonMoney.Symbol(Currency),
        breakEven = Result.HostedBreakEvenMonth,
        labels = Enumerable.Range(1, CostModel.Months).ToArray(),
        series = Result.Options.Select(o => new { key = o.Key, name = o.Name, data = o.Cumulative.Select(v => Math.Round(v, 2)).ToArray() }).ToArray(),
    });
}

public sealed class ReportLinkPage
{
    public required ComparisonLead Lead { get; init; }
    public required string Token { get; init; }
    public string? TrialUrl { get; init; }
    public string? Message { get; init; }
}

/// <summary>The public cost comparison (no account needed). Nothing is stored while the prospect
/// compares; "Email me this report" stores a lead and sends a confirmation link (ComparisonReports).</summary>
[AllowAnonymous]
[Route("compare")]
public sealed class CompareController(ComparisonCalculator calculator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new ComparePage { Form = CompareForm.WithDefaults(await calculator.RatesAsync(ct)) });

    [HttpPost("")]
    public async Task<IActionResult> Index([FromForm(Name = "Form")] CompareForm form, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await calculator.RunAsync(form, ct);
        if (outcome.Result is null)
        {
            FormResult.Refused(outcome.Errors).AddTo(ModelState, "Form.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return View(new ComparePage { Form = form, Result = outcome.Result, Currency = outcome.Currency });
    }

    [HttpPost("report")]
    [EnableRateLimiting(RateLimitPolicies.CompareReport)]
    public async Task<IActionResult> Report([FromForm(Name = "Form")] CompareForm form, [FromServices] ComparisonReports reports, CancellationToken ct)
    {
        ModelState.Clear();
        var result = await reports.RequestAsync(form, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        var outcome = await calculator.RunAsync(form, ct);
        if (!result.Succeeded)
        {
            result.AddTo(ModelState, "Form.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return View(nameof(Index), new ComparePage
        {
            Form = form,
            Result = outcome.Result,
            Currency = outcome.Currency,
            ReportRequestedFor = result.Succeeded ? result.Value : null,
        });
    }

    /// <summary>The confirmation link: a page with a button, so a mail scanner opening the link sends nothing.</summary>
    [HttpGet("report/{token}")]
    public async Task<IActionResult> Confirm(string token, [FromServices] ComparisonReports reports, CancellationToken ct)
    {
        var lead = await reports.FindAsync(token, ct);
        if (lead is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("LinkExpired");
        }
        return View(new ReportLinkPage { Lead = lead, Token = token, TrialUrl = lead.ConfirmedAtUtc is null ? null : reports.TrialUrl(token) });
    }

    [HttpPost("report/{token}")]
    public async Task<IActionResult> ConfirmPost(string token, [FromServices] ComparisonReports reports, CancellationToken ct)
    {
        var result = await reports.ConfirmAsync(token, ct);
        if (result.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("LinkExpired");
        }
        var lead = (await reports.FindAsync(token, ct))!;
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        return View("Confirm", new ReportLinkPage
        {
            Lead = lead, Token = token, Message = result.Succeeded ? result.Message : result.Error,
            TrialUrl = lead.ConfirmedAtUtc is null ? null : reports.TrialUrl(token),
        });
    }
}
