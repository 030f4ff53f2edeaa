using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace UcPortal.Web.Features.Phones;

public sealed class AddDeskPhoneForm
{
    [Required(ErrorMessage = "Enter the MAC address printed on the label under the phone.")]
    [Display(Name = "MAC address")]
    public string MacAddress { get; set; } = "";

    [Required(ErrorMessage = "Choose the phone's model.")]
    [Display(Name = "Model")]
    public string Model { get; set; } = "";

    [Required(ErrorMessage = "Give the phone a name, for example Reception.")]
    [StringLength(80, ErrorMessage = "Keep the name under 80 characters.")]
    [Display(Name = "Name")]
    public string Label { get; set; } = "";
}

/// <summary>Adds a phone with a fresh provisioning token. A MAC address belongs to one tenant only:
/// the provisioning URL is per device, and two tenants claiming one phone is a mistake or theft.</summary>
public sealed class AddDeskPhone(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult<Guid>> RunAsync(Guid tenantId, string actor, AddDeskPhoneForm form, CancellationToken ct)
    {
        var mac = MacAddress.Normalize(form.MacAddress);
        if (mac is null)
        {
            return FormResult<Guid>.Refused(nameof(form.MacAddress), text["A MAC address has 12 hexadecimal digits (0-9, A-F), for example 00:15:65:AB:CD:EF."]);
        }
        var model = DeskPhoneModels.Find(form.Model);
        if (model is null)
        {
            return FormResult<Guid>.Refused(nameof(form.Model), text["Choose one of the supported models."]);
        }
        var taken = await TakenMessageAsync(tenantId, mac, ct);
        if (taken is not null)
        {
            return FormResult<Guid>.Refused(nameof(form.MacAddress), taken);
        }
        var phone = new DeskPhone
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            MacAddress = mac,
            Model = model.Code,
            Label = form.Label.Trim(),
            ProvisioningToken = NewToken(),
            CreatedAtUtc = unitOfWork.Now,
        };
        db.DeskPhones.Add(phone);
        unitOfWork.AddEvent(tenantId, "phone-added", $"Desk phone {model.DisplayName} {MacAddress.Format(mac)} ({phone.Label}) added", actor, phone.CreatedAtUtc);
        // Two people adding the same phone at once: the unique index decides, the check says who has it.
        var saved = await unitOfWork.CommitFormAsync(nameof(form.MacAddress), text["This phone could not be saved. Try again."], ct, t => TakenMessageAsync(tenantId, mac, t));
        return saved.With(phone.Id, text["Phone added. Put an extension on its first line, then enter the provisioning URL in the phone."].Value);
    }

    /// <summary>256 bits from the cryptographic RNG, URL-safe (43 characters): the only secret of the provisioning URL.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private async Task<string?> TakenMessageAsync(Guid tenantId, string mac, CancellationToken ct)
    {
        var owner = await db.DeskPhones.AsNoTracking().Where(p => p.MacAddress == mac).Select(p => new { p.TenantId, p.Label }).SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            return null;
        }
        return owner.TenantId == tenantId
            ? text["This phone is already in your list as “{0}”.", owner.Label]
            : text["This MAC address is already registered to another account. If the phone was used elsewhere before, ask its previous owner to remove it, or open a support ticket (Support, in the menu)."];
    }
}

/// <summary>Puts the tenant's extensions on a phone's lines (index 0 = line 1); an empty entry leaves the line off.</summary>
public sealed class AssignDeskPhoneLines(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> RunAsync(Guid tenantId, string actor, Guid phoneId, IReadOnlyList<Guid?> lines, CancellationToken ct)
    {
        var phone = await db.DeskPhones.Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == phoneId && p.TenantId == tenantId, ct);
        if (phone is null)
        {
            return FormResult.Missing();
        }
        var model = DeskPhoneModels.Find(phone.Model);
        var max = model?.Lines ?? 1;
        var chosen = lines.Select((id, i) => (Line: i + 1, Id: id)).Where(x => x.Id is not null).Select(x => (x.Line, Id: x.Id!.Value)).ToList();
        if (chosen.Any(x => x.Line > max))
        {
            return FormResult.Refused("Lines", text["This model has {0} lines.", max]);
        }
        var ids = chosen.Select(x => x.Id).Distinct().ToList();
        var known = await db.Extensions.Where(e => e.TenantId == tenantId && ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        if (known.Count != ids.Count)
        {
            return FormResult.Refused("Lines", text["Choose extensions of your own phone system."]);
        }
        if (ids.Count != chosen.Count)
        {
            return FormResult.Refused("Lines", text["An extension can be on one line of a phone only."]);
        }
        db.RemoveRange(phone.Lines);
        phone.Lines = chosen.Select(x => new DeskPhoneLine { DeskPhoneId = phone.Id, Line = x.Line, ExtensionId = x.Id }).ToList();
        unitOfWork.AddEvent(tenantId, "phone-lines", $"Lines of desk phone {MacAddress.Format(phone.MacAddress)} ({phone.Label}) changed: {chosen.Count} assigned", actor);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(text["Lines saved. The phone picks them up the next time it fetches its configuration (at restart, or Auto Provision Now)."]);
    }
}

public sealed class DeleteDeskPhone(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> RunAsync(Guid tenantId, string actor, Guid phoneId, CancellationToken ct)
    {
        var phone = await db.DeskPhones.SingleOrDefaultAsync(p => p.Id == phoneId && p.TenantId == tenantId, ct);
        if (phone is null)
        {
            return FormResult.Missing();
        }
        db.DeskPhones.Remove(phone);
        unitOfWork.AddEvent(tenantId, "phone-deleted", $"Desk phone {MacAddress.Format(phone.MacAddress)} ({phone.Label}) deleted; its provisioning URL no longer works", actor);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(text["Phone deleted. It keeps its current settings until it is reset; its provisioning URL no longer works."]);
    }
}

/// <summary>Gives a phone a new provisioning token: the way to revoke a URL that leaked without losing the phone's lines.</summary>
public sealed class RenewProvisioningUrl(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> RunAsync(Guid tenantId, string actor, Guid phoneId, CancellationToken ct)
    {
        var phone = await db.DeskPhones.SingleOrDefaultAsync(p => p.Id == phoneId && p.TenantId == tenantId, ct);
        if (phone is null)
        {
            return FormResult.Missing();
        }
        phone.ProvisioningToken = AddDeskPhone.NewToken();
        unitOfWork.AddEvent(tenantId, "phone-new-url", $"Desk phone {MacAddress.Format(phone.MacAddress)} ({phone.Label}) got a new provisioning URL; the old one no longer works", actor);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(text["New provisioning URL: the old one no longer works. Enter the new one in the phone."]);
    }
}
