using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Compare;

/// <summary>The prospect's answers and the assumptions they used, as kept on the lead.</summary>
public sealed record StoredComparison(ComparisonInputs Inputs, Dictionary<string, decimal> Assumptions);

/// <summary>"Email me this report". Asking stores the lead and emails a confirmation link, nothing
/// else; the PDF goes out only once the link's owner presses "Send my report" (a page, not the link
/// itself, so mail scanners that open links confirm nothing). Requests are limited per address and
/// per client address a day. The same secret, stored only as a hash, later fills the trial form
/// with the lead's own name, company and email: it fills nothing else, and only for its owner.</summary>
public sealed class ComparisonReports(
    PortalDbContext db, PortalUnitOfWork unitOfWork, EmailOutbox outbox, EmailTemplates templates, PortalLinks links,
    ComparisonCalculator calculator, IOptions<CompareOptions> options, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    private CompareOptions Options => options.Value;

    public async Task<FormResult<string>> RequestAsync(CompareForm form, string? clientIp, CancellationToken ct)
    {
        var outcome = await calculator.RunAsync(form, ct);
        var errors = new Dictionary<string, string>(outcome.Errors);
        foreach (var (field, message) in form.ReadContact(text))
        {
            errors[field] = message;
        }
        if (errors.Count > 0 || outcome.Result is not { } result)
        {
            return FormResult.Refused(errors).With("");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        var email = form.Email!.Trim();
        var normalized = email.ToUpperInvariant();
        if (await db.ComparisonLeads.CountAsync(l => l.NormalizedEmail == normalized && l.CreatedAtUtc > since, ct) >= Options.ReportsPerAddressPerDay)
        {
            return FormResult.Refused(nameof(CompareForm.Email),
                text["We already sent report emails to this address today: use the links in them, or ask again tomorrow."]).With("");
        }
        if (clientIp is not null && await db.ComparisonLeads.CountAsync(l => l.ClientIp == clientIp && l.CreatedAtUtc > since, ct) >= Options.ReportsPerIpPerDay)
        {
            return FormResult.Refused("", text["Too many reports were asked for from your network today. Please try again tomorrow."]).With("");
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var lead = new ComparisonLead
        {
            Id = Guid.NewGuid(),
            CreatedAtUtc = now,
            FullName = form.FullName!.Trim(),
            Company = form.Company!.Trim(),
            Email = email,
            NormalizedEmail = normalized,
            ClientIp = clientIp,
            InputsJson = JsonSerializer.Serialize(new StoredComparison(outcome.Inputs!, outcome.Assumptions!.ToDictionary())),
            OnPremiseTotalCents = Cents(result.OnPremise.Total),
            HostedTotalCents = Cents(result.Hosted.Total),
            TrunksTotalCents = result.Trunks is { } t ? Cents(t.Total) : null,
            BreakEvenMonth = result.HostedBreakEvenMonth,
            Currency = outcome.Currency,
            ConfirmTokenHash = Hash(token),
        };
        db.ComparisonLeads.Add(lead);
        // To the bare address: the name typed with it is not the reader's to see (see CompareEmailTemplates).
        await unitOfWork.EmailAsync(templates.ComparisonConfirm(links.To($"/compare/report/{token}"), Options.ConfirmLinkHours),
            email, email, $"comparison-confirm:{lead.Id}", null, ct);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok().With(email);
    }

    /// <summary>The lead a confirmation link belongs to, while it works (confirmed ones always, for the trial link).</summary>
    public async Task<ComparisonLead?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }
        var hash = Hash(token);
        var lead = await db.ComparisonLeads.AsNoTracking().SingleOrDefaultAsync(l => l.ConfirmTokenHash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return lead switch
        {
            null => null,
            { ConfirmedAtUtc: null } when lead.CreatedAtUtc.AddHours(Options.ConfirmLinkHours) < now => null,
            { ConfirmedAtUtc: not null } when lead.CreatedAtUtc.AddDays(Options.TrialLinkDays) < now => null,
            _ => lead,
        };
    }

    /// <summary>The lead whose trial link this is: confirmed, within <c>Compare:TrialLinkDays</c>.</summary>
    public async Task<ComparisonLead?> FindForTrialAsync(string? token, CancellationToken ct) =>
        await FindAsync(token, ct) is { ConfirmedAtUtc: not null } lead ? lead : null;

    public string TrialUrl(string token) => links.To($"/trial?report={token}");

    /// <summary>The owner of the address confirmed: render the PDF and send it. A second press sends nothing more.</summary>
    public async Task<FormResult> ConfirmAsync(string? token, CancellationToken ct)
    {
        var found = await FindAsync(token, ct);
        if (found is null)
        {
            return FormResult.Missing();
        }
        if (found.ConfirmedAtUtc is not null)
        {
            return FormResult.Ok(text["Your report was already sent: look for it in your inbox."]);
        }
        var lead = await db.ComparisonLeads.SingleAsync(l => l.Id == found.Id, ct);
        var stored = JsonSerializer.Deserialize<StoredComparison>(lead.InputsJson)!;
        var (plans, currency) = await calculator.PlansAsync(ct);
        if (plans.Count == 0)
        {
            return FormResult.Refused("", text["No plan is on offer at the moment, so the report cannot be made. Please try again later."]);
        }
        var result = CostModel.Compute(stored.Inputs, ComparisonRates.ToAssumptions(stored.Assumptions), plans);
        var now = clock.GetUtcNow().UtcDateTime;
        var trialUrl = TrialUrl(token!);
        var pdf = ComparisonReportPdf.Render(new ComparisonReport(lead.FullName, lead.Company, now, currency, stored.Inputs, stored.Assumptions, result, trialUrl));
        Directory.CreateDirectory(Options.ReportDirectory!);
        var path = Path.Combine(Options.ReportDirectory!, $"{lead.Id:N}.pdf");
        await File.WriteAllBytesAsync(path, pdf, ct);

        var totals = result.Options.Select(o => ($"{o.Name}, three years", ComparisonMoney.Format(o.Total, currency))).ToList();
        var staged = await outbox.AddAsync(templates.ComparisonReport(lead.FullName, lead.Company, totals, BreakEvenSentence(result), trialUrl),
            lead.Email, lead.FullName, $"comparison-report:{lead.Id}", null, ct);
        if (staged is not null)
        {
            staged.AttachmentPath = path;
            staged.AttachmentName = $"cost-comparison-{Slug(lead.Company)}.pdf";
            staged.AttachmentType = "application/pdf";
            lead.ReportEmailId = staged.Id;
            unitOfWork.Enqueue<SendOutboxEmailJob>(j => j.RunAsync(staged.Id, CancellationToken.None));
        }
        lead.ConfirmedAtUtc = now;
        lead.OnPremiseTotalCents = Cents(result.OnPremise.Total);
        lead.HostedTotalCents = Cents(result.Hosted.Total);
        lead.TrunksTotalCents = result.Trunks is { } t ? Cents(t.Total) : null;
        lead.BreakEvenMonth = result.HostedBreakEvenMonth;
        var committed = await unitOfWork.CommitFormAsync("", text["Your report was already sent: look for it in your inbox."], ct);
        return committed.Succeeded ? FormResult.Ok(text["Your report is on its way to {0}.", lead.Email]) : FormResult.Ok(committed.Error);
    }

    public static string BreakEvenSentence(ComparisonResult result) => result.HostedBreakEvenMonth switch
    {
        null => "Within three years the hosted PBX does not cost less in total than staying on-premise.",
        1 => "The hosted PBX costs less in total from the first month.",
        var m => $"Break-even in month {m}: from then on the hosted PBX has cost less in total than staying on-premise.",
    };

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static long Cents(decimal amount) => (long)Math.Round(amount * 100, MidpointRounding.AwayFromZero);

    private static string Slug(string s)
    {
        var slug = new string(s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        return slug.Length == 0 ? "report" : slug[..Math.Min(40, slug.Length)];
    }
}
