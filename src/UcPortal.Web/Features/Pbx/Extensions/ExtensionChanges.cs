using System.Net.Mail;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.Extensions;

/// <summary>Adds, changes, re-keys and deletes extensions. Each change is checked completely
/// before anything is written, then saved with its change record in one transaction.</summary>
public sealed class ExtensionChanges(PortalDbContext db, SipCredentialFactory credentials, PortalUnitOfWork unitOfWork, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult<Guid>> AddAsync(TenantCaller caller, AddExtensionForm form, CancellationToken ct)
    {
        var result = new FormResult();
        var count = await db.Extensions.CountAsync(e => e.TenantId == caller.TenantId, ct);
        if (count >= caller.Plan.Extensions)
        {
            result.Errors[nameof(form.Number)] = text["Your plan ({0}) includes {1} extensions and you have {2}. Upgrade your plan to add more.", caller.Plan.Name, caller.Plan.Extensions, count];
        }
        else if (await InternalNumberRules.CheckAsync(db, caller, form.Number, null, null, ct, text) is { } numberError)
        {
            result.Errors[nameof(form.Number)] = numberError;
        }
        CheckNameAndEmail(form.Name, form.Email, result, text);
        if (!result.Succeeded)
        {
            return result.With(Guid.Empty);
        }

        var number = form.Number.Trim();
        var password = SipCredentialFactory.NewPassword();
        var extension = new Extension
        {
            Id = Guid.NewGuid(),
            TenantId = caller.TenantId,
            Number = number,
            Name = form.Name.Trim(),
            Email = NullIfEmpty(form.Email),
            SipUsername = number,
            SipPasswordProtected = credentials.Protect(password),
            Ha1 = SipCredentialFactory.Ha1(number, caller.Tenant.SipDomain, password),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Extensions.Add(extension);
        var saved = await unitOfWork.CommitPbxChangeAsync(caller, $"Extension {number} added", nameof(form.Number), text["{0} was just taken by another change. Choose another number.", number], ct,
            recheck: t => InternalNumberRules.CheckAsync(db, caller, number, extension.Id, null, t, text));
        return saved.With(extension.Id);
    }

    public async Task<FormResult> UpdateAsync(TenantCaller caller, Guid id, EditExtensionForm form, CancellationToken ct)
    {
        var extension = await FindAsync(caller, id, ct);
        if (extension is null)
        {
            return FormResult.Missing();
        }
        var result = new FormResult();
        var catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct);
        catalog.Text = text;
        var always = Resolve(catalog, form.ForwardAlways, nameof(form.ForwardAlways), result);
        var busy = Resolve(catalog, form.ForwardBusy, nameof(form.ForwardBusy), result);
        var noAnswer = Resolve(catalog, form.ForwardNoAnswer, nameof(form.ForwardNoAnswer), result);
        var unregistered = Resolve(catalog, form.ForwardUnregistered, nameof(form.ForwardUnregistered), result);
        if (form.NoAnswerSeconds is < 5 or > 120)
        {
            result.Errors[nameof(form.NoAnswerSeconds)] = text["Ring between 5 and 120 seconds before forwarding."];
        }
        if (caller.CanManage)
        {
            CheckNameAndEmail(form.Name, form.Email, result, text);
            if (form.CallerIdNumberId is { } numberId && !await db.PhoneNumbers.AnyAsync(n => n.Id == numberId && n.TenantId == caller.TenantId && n.Status == NumberStatus.Assigned, ct))
            {
                result.Errors[nameof(form.CallerIdNumberId)] = text["Choose one of your numbers."];
            }
        }
        foreach (var (field, destination) in new[] { (nameof(form.ForwardAlways), always), (nameof(form.ForwardBusy), busy), (nameof(form.ForwardNoAnswer), noAnswer), (nameof(form.ForwardUnregistered), unregistered) })
        {
            if (destination is { Kind: DestinationKind.Extension } && destination.Target == extension.Number)
            {
                result.Errors[field] = text["An extension can't forward to itself."];
            }
        }
        if (result.Succeeded)
        {
            var graph = await RoutingGraph.LoadAsync(db, caller.TenantId, ct);
            graph.SetDestinations(extension.Number, [always, busy, noAnswer, unregistered]);
            if (graph.FindLoopThrough(extension.Number) is { } loop)
            {
                // Name the field that starts the loop, so the message sits next to the choice to change.
                var first = loop[1];
                var field = new[] { (nameof(form.ForwardAlways), always), (nameof(form.ForwardBusy), busy), (nameof(form.ForwardNoAnswer), noAnswer), (nameof(form.ForwardUnregistered), unregistered) }
                    .First(f => f.Item2?.Target == first && f.Item2.Kind is DestinationKind.Extension or DestinationKind.RingGroup).Item1;
                result.Errors[field] = text["This forwarding makes a loop: {0}. Calls would go round in circles.", RoutingGraph.Describe(loop)];
            }
        }
        if (!result.Succeeded)
        {
            return result;
        }

        if (caller.CanManage)
        {
            extension.Name = form.Name.Trim();
            extension.Email = NullIfEmpty(form.Email);
            extension.CallerIdNumberId = form.CallerIdNumberId;
        }
        extension.DoNotDisturb = form.DoNotDisturb;
        extension.VoicemailEnabled = form.Voicemail;
        extension.ForwardAlways = always!;
        extension.ForwardBusy = busy!;
        extension.ForwardNoAnswer = noAnswer!;
        extension.NoAnswerSeconds = form.NoAnswerSeconds;
        extension.ForwardUnregistered = unregistered!;
        var what = caller.CanManage ? "changed" : "forwarding changed";
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Extension {extension.Number} {what}", "", text["The change could not be saved. Please try again."], ct);
    }

    /// <summary>A new password and HA1: phones still using the old one can no longer register.</summary>
    public async Task<FormResult<string>> ResetPasswordAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var extension = await FindAsync(caller, id, ct);
        if (extension is null)
        {
            return FormResult<string>.Missing();
        }
        var password = SipCredentialFactory.NewPassword();
        extension.SipPasswordProtected = credentials.Protect(password);
        extension.Ha1 = SipCredentialFactory.Ha1(extension.SipUsername, caller.Tenant.SipDomain, password);
        var saved = await unitOfWork.CommitPbxChangeAsync(caller, $"Extension {extension.Number}: SIP password reset", "", text["The password could not be reset. Please try again."], ct);
        return saved.With(password);
    }

    public async Task<FormResult> DeleteAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var extension = await FindAsync(caller, id, ct);
        if (extension is null)
        {
            return FormResult.Missing();
        }
        var references = await RoutingReferences.FindAsync(db, caller.TenantId, DestinationKind.Extension, extension.Number, extension.Id, ct, text);
        // Calls sent to its mailbox would go nowhere too.
        references.AddRange((await RoutingReferences.FindAsync(db, caller.TenantId, DestinationKind.Voicemail, extension.Number, extension.Id, ct, text))
            .Where(r => !references.Contains(r)).Select(r => text["{0} (voicemail)", r].Value));
        if (references.Count > 0)
        {
            return FormResult.Refused("", RoutingReferences.Refusal(text["Extension {0}", extension.Number], references, text));
        }
        db.Extensions.Remove(extension);
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Extension {extension.Number} deleted", "", text["The extension could not be deleted. Please try again."], ct);
    }

    /// <summary>The extension if the caller may change it: any of the tenant's for owners and admins, only their own for members.</summary>
    private Task<Extension?> FindAsync(TenantCaller caller, Guid id, CancellationToken ct) =>
        db.Extensions.SingleOrDefaultAsync(e => e.Id == id && e.TenantId == caller.TenantId && (caller.CanManage || e.UserId == caller.User.Id), ct);

    private static CallDestination? Resolve(DestinationCatalog catalog, DestinationInput input, string field, FormResult result)
    {
        var destination = catalog.Resolve(input, allowTrunks: false, out var error);
        if (error is not null)
        {
            result.Errors[field] = error;
        }
        return destination;
    }

    private static void CheckNameAndEmail(string? name, string? email, FormResult result, Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            result.Errors["Name"] = text["Enter a name, e.g. the person or the room."];
        }
        else if (name.Trim().Length > 80)
        {
            result.Errors["Name"] = text["Keep the name under 80 characters."];
        }
        if (!string.IsNullOrWhiteSpace(email) && (!MailAddress.TryCreate(email.Trim(), out var parsed) || parsed.Address != email.Trim() || !parsed.Host.Contains('.')))
        {
            result.Errors["Email"] = text["Enter an email address like name@company.com, or leave it empty."];
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
