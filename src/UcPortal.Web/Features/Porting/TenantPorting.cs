using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Porting;

public sealed class PortingForm
{
    public string? Number { get; set; }
    public string? CurrentProvider { get; set; }
    public string? AccountNumber { get; set; }
    public string? AuthorisedName { get; set; }

    /// <summary>yyyy-MM-dd, as the date input sends it.</summary>
    public string? WantedDate { get; set; }
    public IFormFile? Letter { get; set; }
}

public sealed class PortingListPage
{
    public List<PortingRequest> Requests { get; init; } = [];

    /// <summary>Why the tenant cannot ask for a port now (a trial, an overdue payment), or null.</summary>
    public string? WhyNot { get; init; }
    public bool IsTrial { get; init; }
    public PortingForm Form { get; init; } = new();
    public DateOnly EarliestDate { get; init; }
    public DateOnly LatestDate { get; init; }
    public int MaxMegabytes { get; init; }

    /// <summary>A number of the tenant's country, written as people do, for the field's placeholder.</summary>
    public string Example { get; init; } = "";
}

public sealed class PortingRequestPage
{
    public required PortingRequest Request { get; init; }
    public string? Answer { get; init; }
    public int MaxMegabytes { get; init; }
}

/// <summary>The tenant's side of number porting (owners and admins): ask to bring a number with its signed letter
/// of authorisation, see the requests and their status, answer staff's question (with a new letter if asked), and
/// cancel an open request. Porting is a service of the paid plans: a trial sees why and how to upgrade.</summary>
public sealed class TenantPorting(PortalDbContext db, PortalUnitOfWork unitOfWork, LetterOfAuthorisation letters,
    PortingStorage storage, IOptions<PortingOptions> options, TimeProvider clock, EmailTemplates templates, PortalLinks links, IStringLocalizer<SharedResource> t)
{
    /// <summary>In English (the key of its translation); the pages show it in the reader's language.</summary>
    public static string? WhyNot(Tenant tenant) => tenant switch
    {
        { Status: TenantStatus.Active } => null,
        { IsTrialOrExpiredTrial: true } => "Bringing your own number is part of the paid plans: upgrade, then ask for it here. Your trial numbers and settings stay.",
        { IsInDunning: true } => "Your last payment is overdue: update your payment method on the Billing page, then ask for the port.",
        _ => "Numbers can be brought to an active paid plan only.",
    };

    public async Task<PortingListPage> ListAsync(TenantCaller caller, PortingForm? form, CancellationToken ct)
    {
        var today = Today;
        var o = options.Value;
        return new PortingListPage
        {
            Requests = await db.PortingRequests.AsNoTracking().Where(r => r.TenantId == caller.TenantId)
                .OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id).ToListAsync(ct),
            WhyNot = WhyNot(caller.Tenant) is { } whyNot ? t[whyNot].Value : null,
            IsTrial = caller.Tenant.IsTrialOrExpiredTrial,
            Form = form ?? new PortingForm { AuthorisedName = caller.User.FullName },
            EarliestDate = PortingRules.AddBusinessDays(today, o.MinimumBusinessDays),
            LatestDate = today.AddDays(o.MaximumDaysAhead),
            MaxMegabytes = o.LetterMaxBytes / 1024 / 1024,
            Example = PortingRules.Example(caller.Tenant.Country),
        };
    }

    public async Task<PortingRequestPage?> GetAsync(TenantCaller caller, int id, string? answer, CancellationToken ct) =>
        await OfTenant(caller.TenantId).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } request
            ? new PortingRequestPage { Request = request, Answer = answer, MaxMegabytes = options.Value.LetterMaxBytes / 1024 / 1024 }
            : null;

    /// <summary>The letter's file for the tenant's own request (null: not theirs, or gone).</summary>
    public async Task<(string Path, PortingRequest Request)?> LetterAsync(TenantCaller caller, int id, CancellationToken ct) =>
        await OfTenant(caller.TenantId).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } r && File.Exists(storage.PathOf(r.TenantId, r.LoaFileName))
            ? (storage.PathOf(r.TenantId, r.LoaFileName), r)
            : null;

    public async Task<FormResult<int>> SubmitAsync(TenantCaller caller, PortingForm form, CancellationToken ct)
    {
        if (WhyNot(caller.Tenant) is { } why)
        {
            return FormResult<int>.Refused("", t[why]);
        }
        var o = options.Value;
        var errors = new Dictionary<string, string>();
        var (e164, country, type, numberError) = PortingRules.ParseNumber(form.Number, caller.Tenant.Country, t);
        if (numberError is not null)
        {
            errors[nameof(PortingForm.Number)] = numberError;
        }
        var provider = Clean(form.CurrentProvider);
        if (provider.Length is 0 or > PortingRequestLimits.Provider)
        {
            errors[nameof(PortingForm.CurrentProvider)] = provider.Length == 0 ? t["Enter the provider the number is with today."] : t["Keep it under {0} characters.", PortingRequestLimits.Provider];
        }
        var account = Clean(form.AccountNumber);
        if (account.Length is 0 or > PortingRequestLimits.AccountNumber)
        {
            errors[nameof(PortingForm.AccountNumber)] = account.Length == 0 ? t["Enter your account number at that provider (it is on their bills)."] : t["Keep it under {0} characters.", PortingRequestLimits.AccountNumber];
        }
        var name = Clean(form.AuthorisedName);
        if (name.Length is 0 or > PortingRequestLimits.AuthorisedName)
        {
            errors[nameof(PortingForm.AuthorisedName)] = name.Length == 0 ? t["Enter the name of the person who signed the letter of authorisation."] : t["Keep it under {0} characters.", PortingRequestLimits.AuthorisedName];
        }
        var today = Today;
        var earliest = PortingRules.AddBusinessDays(today, o.MinimumBusinessDays);
        if (!DateOnly.TryParseExact(form.WantedDate ?? "", "yyyy-MM-dd", out var wanted))
        {
            errors[nameof(PortingForm.WantedDate)] = t["Choose the day you want the number to move."];
        }
        else if (wanted < today)
        {
            errors[nameof(PortingForm.WantedDate)] = t["This day is in the past: choose a day from {0}.", Day(earliest)];
        }
        else if (!PortingRules.IsBusinessDay(wanted))
        {
            errors[nameof(PortingForm.WantedDate)] = t["Numbers move on business days (Monday to Friday): choose another day."];
        }
        else if (wanted < earliest)
        {
            errors[nameof(PortingForm.WantedDate)] = t["A port takes at least {0} business days: choose {1} or later.", o.MinimumBusinessDays, Day(earliest)];
        }
        else if (wanted > today.AddDays(o.MaximumDaysAhead))
        {
            errors[nameof(PortingForm.WantedDate)] = t["Choose a day within the next {0} days.", o.MaximumDaysAhead];
        }
        if (e164 is not null && await NumberTakenAsync(caller.TenantId, e164, ct) is { } taken)
        {
            errors[nameof(PortingForm.Number)] = taken;
        }
        if (form.Letter is null or { Length: 0 } && errors.Count == 0)
        {
            errors[nameof(PortingForm.Letter)] = t["Attach the signed letter of authorisation ({0}).", t[LetterOfAuthorisation.Formats]];
        }
        if (errors.Count > 0)
        {
            // The letter is checked only with the rest valid: nothing is written for a form shown again.
            if (form.Letter is { Length: > 0 } && errors.Count > 0 && !errors.ContainsKey(nameof(PortingForm.Letter)))
            {
                errors[nameof(PortingForm.Letter)] = t["Attach the letter again when you send the corrected form."];
            }
            return (FormResult<int>)FormResult.Refused(errors).With(0);
        }
        var (letter, letterError) = await letters.SaveAsync(caller.TenantId, form.Letter, o.LetterMaxBytes, ct);
        if (letter is null)
        {
            return FormResult<int>.Refused(nameof(PortingForm.Letter), letterError!);
        }
        var now = unitOfWork.Now;
        var request = new PortingRequest
        {
            TenantId = caller.TenantId, E164 = e164!, OpenE164 = e164, Country = country, NumberType = type,
            CurrentProvider = provider, AccountNumber = account, AuthorisedName = name, WantedDate = wanted,
            Status = PortingStatus.Submitted,
            LoaFileName = letter.FileName, LoaContentType = letter.ContentType, LoaOriginalName = letter.OriginalName, LoaBytes = letter.Bytes,
            SubmittedByUserId = caller.User.Id, SubmittedByEmail = caller.User.Email ?? "", CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        db.PortingRequests.Add(request);
        unitOfWork.AddEvent(caller.TenantId, "porting", $"Port of {PhoneDisplay.Format(e164)} from {provider} requested for {wanted:d MMM yyyy}", caller.Actor);
        var committed = await unitOfWork.CommitFormAsync(nameof(PortingForm.Number), t["Another request to port this number was made at the same moment."], ct,
            recheck: t => NumberTakenAsync(caller.TenantId, e164!, t));
        if (!committed.Succeeded)
        {
            storage.Delete(caller.TenantId, letter.FileName);
            return FormResult<int>.Refused(committed.Errors.Keys.First(), committed.Error!);
        }
        return FormResult<int>.Ok(request.Id, t["Your request to port {0} is submitted. We check it within one business day and email you at each step.", PhoneDisplay.Format(e164)]);
    }

    /// <summary>The tenant answers staff's question, with a new letter if it chooses one; the request goes back to staff.</summary>
    public async Task<FormResult> AnswerAsync(TenantCaller caller, int id, string? answer, IFormFile? letter, CancellationToken ct)
    {
        var request = await OfTenant(caller.TenantId).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return FormResult.Missing();
        }
        if (PortingRules.WhyNot(request.Status, PortingStep.Answer) is { } why)
        {
            return FormResult.Refused("", t[why]);
        }
        var text = Clean(answer, multiline: true);
        if (text.Length is 0 or > PortingRequestLimits.Text)
        {
            return FormResult.Refused("Answer", text.Length == 0 ? t["Write your answer to the question."] : t["Keep it under {0:N0} characters.", PortingRequestLimits.Text]);
        }
        LetterOfAuthorisation.Stored? stored = null;
        if (letter is { Length: > 0 })
        {
            var (file, error) = await letters.SaveAsync(caller.TenantId, letter, options.Value.LetterMaxBytes, ct);
            if (file is null)
            {
                return FormResult.Refused("Letter", error!);
            }
            stored = file;
        }
        var old = request.LoaFileName;
        if (stored is not null)
        {
            (request.LoaFileName, request.LoaContentType, request.LoaOriginalName, request.LoaBytes) = (stored.FileName, stored.ContentType, stored.OriginalName, stored.Bytes);
        }
        request.TenantAnswer = text;
        Move(request, PortingStep.Answer);
        unitOfWork.AddEvent(caller.TenantId, "porting", $"Port of {PhoneDisplay.Format(request.E164)}: question answered{(stored is null ? "" : ", new letter of authorisation")}", caller.Actor);
        var committed = await CommitAsync(request, ct);
        if (!committed.Succeeded)
        {
            storage.Delete(caller.TenantId, stored?.FileName);
            return committed;
        }
        if (stored is not null)
        {
            storage.Delete(caller.TenantId, old);
        }
        return FormResult.Ok(t["Thanks: your answer is with our porting team."]);
    }

    public async Task<FormResult> CancelAsync(TenantCaller caller, int id, CancellationToken ct)
    {
        var request = await OfTenant(caller.TenantId).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return FormResult.Missing();
        }
        if (PortingRules.WhyNot(request.Status, PortingStep.Cancel) is { } why)
        {
            return FormResult.Refused("", t[why]);
        }
        Move(request, PortingStep.Cancel);
        unitOfWork.AddEvent(caller.TenantId, "porting", $"Port of {PhoneDisplay.Format(request.E164)} cancelled", caller.Actor);
        await unitOfWork.EmailOwnerAsync(caller.Tenant,
            (owner, _) => templates.PortingStatusChanged(owner, request.Id, request.E164, request.Status, t["Cancelled by {0}.", caller.Actor], null, links.To($"/pbx/porting/{request.Id}")),
            $"porting:{request.Id}:{request.Version}", ct);
        var committed = await CommitAsync(request, ct);
        return committed.Succeeded ? FormResult.Ok(t["The request to port {0} is cancelled.", PhoneDisplay.Format(request.E164)]) : committed;
    }

    /// <summary>Why the number cannot be asked for, or null: the tenant has it, another tenant has it, or a request for it is open.</summary>
    private async Task<string?> NumberTakenAsync(Guid tenantId, string e164, CancellationToken ct)
    {
        var holder = await db.PhoneNumbers.Where(n => n.E164 == e164 && n.TenantId != null).Select(n => n.TenantId).FirstOrDefaultAsync(ct);
        if (holder == tenantId)
        {
            return t["This number is already yours: it is on your Numbers page."];
        }
        if (holder is not null)
        {
            return t["This number is already in service with us on another account, so it cannot be ported. Contact support if you think this is wrong."];
        }
        var open = await db.PortingRequests.Where(r => r.OpenE164 == e164).Select(r => new { r.Id, r.TenantId }).FirstOrDefaultAsync(ct);
        return open is null ? null
            : open.TenantId == tenantId ? t["You already have an open request for this number (#{0}).", open.Id].Value
            : t["A request to port this number is already open. Contact support if you think this is wrong."];
    }

    private IQueryable<PortingRequest> OfTenant(Guid tenantId) => db.PortingRequests.Where(r => r.TenantId == tenantId);

    private static string Day(DateOnly day) => PortalFormats.Day(day.ToDateTime(TimeOnly.MinValue));

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    internal void Move(PortingRequest request, PortingStep step) => PortingMoves.Apply(request, step, unitOfWork.Now);

    private Task<FormResult> CommitAsync(PortingRequest request, CancellationToken ct) => PortingMoves.CommitAsync(unitOfWork, db, request, ct);

    internal static string Clean(string? value, bool multiline = false)
    {
        var text = (value ?? "").Replace("\r\n", "\n").Trim();
        return multiline ? text : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
