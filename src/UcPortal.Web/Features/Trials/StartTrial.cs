using Microsoft.AspNetCore.Identity;
using PhoneNumbers;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Trials;

/// <summary>Validates a trial request and, when every rule passes, creates the account and the
/// signup and stores the confirmation email, all in one transaction. Nothing is provisioned
/// until the email is confirmed and the mobile verified (VerifyMobile). The review rules
/// (SignupRiskRules) run here, where the request's address and country are known; their reasons
/// are kept on the signup and decide, once the mobile is verified, between provisioning and review.</summary>
public sealed class StartTrial(
    PortalDbContext db,
    UserManager<PortalUser> users,
    EmailDomainRules domains,
    NumberInventory inventory,
    NumberHolds holds,
    PortalUnitOfWork unitOfWork,
    EmailTemplates templates,
    PortalLinks links,
    SignupRiskRules risk,
    TimeProvider clock,
    ILogger<StartTrial> log,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <param name="heldBy">The visitor's hold key: a number they chose in the signup's number search
    /// (decision 032). When it is in the chosen area, the hold moves to the signup and provisioning uses it.</param>
    public async Task<FormResult> RunAsync(StartTrialForm form, string clientIp, string? requestCountry, CancellationToken ct, string? heldBy = null)
    {
        var errors = new Dictionary<string, string>();
        var fullName = form.FullName.Trim();
        var company = form.Company.Trim();

        string? email = null, canonical = null, companyDomain = null;
        if (!EmailDomainRules.TryParse(form.Email, out var address))
        {
            errors[nameof(form.Email)] = t["Enter an email address like name@company.com."];
        }
        else
        {
            var domain = EmailDomainRules.DomainOf(address);
            if (domains.IsDisposable(domain))
            {
                errors[nameof(form.Email)] = t["Disposable email addresses can't be used for a trial. Use your work email."];
            }
            else
            {
                email = address;
                canonical = EmailDomainRules.Canonical(address);
                companyDomain = domains.IsFreeMail(domain) ? null : domain;
            }
        }

        string? mobile = null;
        if (!SignupCountries.IsSupported(form.Country))
        {
            errors[nameof(form.Country)] = t["Choose your country from the list."];
        }
        else
        {
            mobile = NormalizeMobile(form.Mobile, form.Country, out var mobileError, t);
            if (mobileError is not null)
            {
                errors[nameof(form.Mobile)] = mobileError;
            }
        }

        var area = TrialArea.Parse(form.Area);
        if (area is null)
        {
            errors[nameof(form.Area)] = t["Choose where you want your trial number."];
        }
        else
        {
            var areas = await inventory.GetTrialAreasAsync(includeEmpty: true, ct);
            var chosen = areas.FirstOrDefault(a => a.Country == area.Value.Country && a.City == area.Value.City);
            if (chosen is null)
            {
                errors[nameof(form.Area)] = t["Choose an area from the list."];
            }
            else if (chosen.Available == 0)
            {
                errors[nameof(form.Area)] = t["We have no trial numbers left in {0} right now. Please choose another area.", t[chosen.City].Value];
            }
        }

        var passwordErrors = await ValidatePasswordAsync(form.Password, email);
        if (passwordErrors is not null)
        {
            errors[nameof(form.Password)] = passwordErrors;
        }

        if (canonical is not null || mobile is not null || companyDomain is not null)
        {
            await AddDuplicateErrorsAsync(errors, email, canonical, mobile, companyDomain, ct);
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors);
        }

        var network = SignupRiskRules.NetworkOf(clientIp);
        var reviewReasons = await risk.ReasonsAsync(clientIp, network, mobile!, area!.Value.Country, requestCountry, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // The language of the signup page is the account's language: its emails go out in it (decision 036).
        var user = new PortalUser { UserName = email, Email = email, FullName = fullName, CreatedAtUtc = now, Culture = Localisation.PortalCultures.Normalise(System.Globalization.CultureInfo.CurrentUICulture.Name) };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                var created = await users.CreateAsync(user, form.Password);
                if (!created.Succeeded)
                {
                    await tx.RollbackAsync(ct);
                    var duplicate = created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName");
                    return FormResult.Refused(duplicate ? nameof(form.Email) : nameof(form.Password), string.Join(" ", created.Errors.Select(e => e.Description)));
                }
                var signupId = Guid.NewGuid();
                db.TrialSignups.Add(new TrialSignup
                {
                    Id = signupId,
                    UserId = user.Id,
                    FullName = fullName,
                    Company = company,
                    Email = email!,
                    NormalizedEmail = canonical!,
                    CompanyDomain = companyDomain,
                    Country = form.Country,
                    MobileE164 = mobile!,
                    RequestedCity = area!.Value.City,
                    RequestedCountry = area.Value.Country,
                    SignupIp = clientIp,
                    SignupNetwork = network,
                    RequestCountry = requestCountry,
                    ReviewReasons = reviewReasons.Count == 0 ? null : string.Join("\n", reviewReasons),
                    Status = TrialSignupStatus.AwaitingConfirmation,
                    CreatedAtUtc = now,
                });
                await AddConfirmationEmailAsync(user, ct);
                if (heldBy is not null && await holds.CurrentAsync(heldBy, ct) is { } hold
                    && hold.Pool == NumberPool.Trial && hold.Country == area.Value.Country && hold.City == area.Value.City)
                {
                    // In the signup's transaction: a refused signup keeps the visitor's hold.
                    await holds.TransferAsync(heldBy, NumberHolders.Signup(signupId), ct);
                }
                await unitOfWork.CommitAsync(ct);
            }
            catch (DbUpdateException ex)
            {
                // Lost a race with a concurrent signup for the same identity: the unique indexes said no.
                log.LogInformation(ex, "Trial signup refused by a unique constraint");
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                var raceErrors = new Dictionary<string, string>();
                await AddDuplicateErrorsAsync(raceErrors, email, canonical, mobile, companyDomain, ct);
                if (raceErrors.Count == 0)
                {
                    raceErrors[nameof(form.Email)] = t["A trial with these details was started at the same moment. Check your inbox."];
                }
                return FormResult.Refused(raceErrors);
            }
        }
        log.LogInformation("Trial signup {UserId} created for {Company}", user.Id, company);
        return FormResult.Ok();
    }

    /// <summary>Stages a confirmation email for the user (first one or a resend).</summary>
    public async Task AddConfirmationEmailAsync(PortalUser user, CancellationToken ct)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var url = links.To($"/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={Account.LinkCodes.Encode(token)}");
        await unitOfWork.EmailAsync(templates.In(user.Culture, t => t.ConfirmEmail(user.FullName, url)), user.Email!, user.FullName, null, null, ct);
    }

    internal static string? NormalizeMobile(string input, string country, out string? error, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        error = null;
        string L(string text, params object[] args) => Localisation.PortalText.Say(t, text, args);
        try
        {
            var parsed = Phones.Parse(input, country);
            if (!Phones.IsValidNumberForRegion(parsed, country))
            {
                error = L("This is not a valid mobile number in {0}.", L(SignupCountries.NameOf(country)));
                return null;
            }
            var type = Phones.GetNumberType(parsed);
            // Internet numbers and paid services are what fraudsters sign up with in bulk: the code
            // would reach an app anyone can rent, and test calls to the mobile would earn them money.
            if (type == PhoneNumberType.VOIP)
            {
                error = L("Internet (VoIP) numbers can't be used for a trial. Enter the number of your mobile phone's SIM.");
                return null;
            }
            if (type is PhoneNumberType.PREMIUM_RATE or PhoneNumberType.SHARED_COST or PhoneNumberType.TOLL_FREE or PhoneNumberType.UAN or PhoneNumberType.PERSONAL_NUMBER)
            {
                error = L("Premium-rate, shared-cost and service numbers can't be used for a trial. Enter your own mobile number.");
                return null;
            }
            if (type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
            {
                error = L("Enter a mobile number: we send trial alerts to it and allow test calls to it.");
                return null;
            }
            return Phones.Format(parsed, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            error = L("Enter your mobile number, e.g. {0}.", Example(country));
            return null;
        }
    }

    internal static string Example(string country)
    {
        var example = Phones.GetExampleNumberForType(country, PhoneNumberType.MOBILE);
        return example is null ? "+1 201 555 0123" : Phones.Format(example, PhoneNumberFormat.INTERNATIONAL);
    }

    private async Task<string?> ValidatePasswordAsync(string password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return t["Choose a password."];
        }
        var messages = new List<string>();
        var probe = new PortalUser { UserName = email ?? "", Email = email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password);
            messages.AddRange(result.Errors.Select(e => e.Description));
        }
        if (email is not null && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            messages.Add(t["Don't use your email address in your password."]);
        }
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    private async Task AddDuplicateErrorsAsync(Dictionary<string, string> errors, string? email, string? canonical, string? mobile, string? companyDomain, CancellationToken ct)
    {
        if (canonical is not null && !errors.ContainsKey(nameof(StartTrialForm.Email)))
        {
            var normalizedEmail = users.NormalizeEmail(email);
            if (await db.TrialSignups.AnyAsync(s => s.NormalizedEmail == canonical, ct) ||
                await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct))
            {
                errors[nameof(StartTrialForm.Email)] = t["A trial has already been started with this email address. Log in, or reset your password."];
            }
            else if (companyDomain is not null && await db.TrialSignups.AnyAsync(s => s.CompanyDomain == companyDomain, ct))
            {
                errors[nameof(StartTrialForm.Email)] = t["Someone at {0} has already started a trial. Ask them to invite you to it, or contact sales to add another.", companyDomain];
            }
        }
        if (mobile is not null && !errors.ContainsKey(nameof(StartTrialForm.Mobile)) &&
            await db.TrialSignups.AnyAsync(s => s.MobileE164 == mobile, ct))
        {
            errors[nameof(StartTrialForm.Mobile)] = t["This mobile number has already been used for a trial."];
        }
    }
}
