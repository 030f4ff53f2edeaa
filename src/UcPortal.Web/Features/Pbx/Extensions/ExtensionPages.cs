using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.Extensions;

public sealed class ExtensionListPage
{
    public required TenantCaller Caller { get; init; }
    public required List<Extension> Extensions { get; init; }
    public required DestinationCatalog Catalog { get; init; }
    public required Dictionary<int, string> NumberE164 { get; init; }

    /// <summary>Phones connected per SIP username; null when no SIP core is connected.</summary>
    public IReadOnlyDictionary<string, UcPortal.Pbx.SipRegistration>? Registrations { get; init; }
    public string? Error { get; init; }
}

public sealed class ExtensionEditPage
{
    public required TenantCaller Caller { get; init; }
    public required Extension Extension { get; init; }
    public required EditExtensionForm Form { get; init; }
    public required DestinationCatalog Catalog { get; init; }
    public required List<PhoneNumber> Numbers { get; init; }

    /// <summary>Shown once, right after a reset.</summary>
    public string? NewPassword { get; init; }
}

public sealed class ExtensionAddPage
{
    public required TenantCaller Caller { get; init; }
    public required AddExtensionForm Form { get; init; }
    public int Count { get; init; }
    public string? SuggestedNumber { get; init; }
}

/// <summary>Reads for the extension pages; members see only the extension whose user they are.</summary>
public sealed class ExtensionPages(PortalDbContext db, SipCredentialFactory credentials, UcPortal.Pbx.ISipRegistrations registrations)
{
    public async Task<ExtensionListPage> ListAsync(TenantCaller caller, string? error, CancellationToken ct) => new()
    {
        Caller = caller,
        Extensions = await Visible(caller).OrderBy(e => e.Number).ToListAsync(ct),
        Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
        NumberE164 = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == caller.TenantId).ToDictionaryAsync(n => n.Id, n => n.E164, ct),
        Registrations = await ReadRegistrationsAsync(caller.Tenant.SipDomain, ct),
        Error = error,
    };

    /// <summary>The list still shows when the SIP core's database cannot be reached: the phones' state is then unknown.</summary>
    private async Task<IReadOnlyDictionary<string, UcPortal.Pbx.SipRegistration>?> ReadRegistrationsAsync(string domain, CancellationToken ct)
    {
        try
        {
            return await registrations.ForDomainAsync(domain, ct);
        }
        catch (Npgsql.NpgsqlException)
        {
            return null;
        }
    }

    public async Task<ExtensionAddPage> AddAsync(TenantCaller caller, AddExtensionForm? form, CancellationToken ct)
    {
        var used = await db.Extensions.Where(e => e.TenantId == caller.TenantId).Select(e => e.Number)
            .Concat(db.RingGroups.Where(g => g.TenantId == caller.TenantId).Select(g => g.Number)).ToListAsync(ct);
        var suggested = Enumerable.Range(caller.Plan.ExtensionNumberMin, caller.Plan.ExtensionNumberMax - caller.Plan.ExtensionNumberMin + 1)
            .Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(n => !used.Contains(n));
        return new ExtensionAddPage
        {
            Caller = caller,
            Form = form ?? new AddExtensionForm { Number = suggested ?? "" },
            Count = await db.Extensions.CountAsync(e => e.TenantId == caller.TenantId, ct),
            SuggestedNumber = suggested,
        };
    }

    public async Task<ExtensionEditPage?> EditAsync(TenantCaller caller, Guid id, EditExtensionForm? posted, string? newPassword, CancellationToken ct)
    {
        var extension = await Visible(caller).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (extension is null)
        {
            return null;
        }
        return new ExtensionEditPage
        {
            Caller = caller,
            Extension = extension,
            Form = posted ?? new EditExtensionForm
            {
                Name = extension.Name,
                Email = extension.Email,
                CallerIdNumberId = extension.CallerIdNumberId,
                DoNotDisturb = extension.DoNotDisturb,
                Voicemail = extension.VoicemailEnabled,
                ForwardAlways = DestinationInput.From(extension.ForwardAlways),
                ForwardBusy = DestinationInput.From(extension.ForwardBusy),
                ForwardNoAnswer = DestinationInput.From(extension.ForwardNoAnswer),
                NoAnswerSeconds = extension.NoAnswerSeconds,
                ForwardUnregistered = DestinationInput.From(extension.ForwardUnregistered),
            },
            Catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct),
            Numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == caller.TenantId && n.Status == NumberStatus.Assigned).OrderBy(n => n.E164).ToListAsync(ct),
            NewPassword = newPassword,
        };
    }

    public async Task<(Extension Extension, string Password)?> RevealPasswordAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var extension = await Visible(caller).SingleOrDefaultAsync(e => e.Id == id, ct);
        return extension is null ? null : (extension, credentials.Unprotect(extension.SipPasswordProtected));
    }

    private IQueryable<Extension> Visible(TenantCaller caller) =>
        db.Extensions.AsNoTracking().Where(e => e.TenantId == caller.TenantId && (caller.CanManage || e.UserId == caller.User.Id));

    public static string ForwardingSummary(Extension e, DestinationCatalog catalog, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        if (e.ForwardAlways.IsSet)
        {
            return DestinationCatalog.L(t, "Always to {0}", catalog.Describe(e.ForwardAlways, t));
        }
        var parts = new List<string>();
        if (e.ForwardBusy.IsSet)
        {
            parts.Add(DestinationCatalog.L(t, "busy → {0}", catalog.Describe(e.ForwardBusy, t)));
        }
        if (e.ForwardNoAnswer.IsSet)
        {
            parts.Add(DestinationCatalog.L(t, "no answer ({0} s) → {1}", e.NoAnswerSeconds, catalog.Describe(e.ForwardNoAnswer, t)));
        }
        if (e.ForwardUnregistered.IsSet)
        {
            parts.Add(DestinationCatalog.L(t, "offline → {0}", catalog.Describe(e.ForwardUnregistered, t)));
        }
        return parts.Count == 0 ? "—" : string.Join("; ", parts);
    }
}
