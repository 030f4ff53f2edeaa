using Microsoft.Extensions.Localization;
using PhoneNumbers;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>A destination as a form posts it: one choice from a list ("ext:101", "grp:600",
/// "trunk:{id}", "external", "" for nowhere) and, for "external", the number typed.</summary>
public sealed class DestinationInput
{
    public string Choice { get; set; } = "";
    public string? External { get; set; }

    public static DestinationInput From(CallDestination? d) => d?.Kind switch
    {
        DestinationKind.Extension => new() { Choice = "ext:" + d.Target },
        DestinationKind.RingGroup => new() { Choice = "grp:" + d.Target },
        DestinationKind.Trunk => new() { Choice = "trunk:" + d.Target },
        DestinationKind.Voicemail => new() { Choice = "vm:" + d.Target },
        DestinationKind.Menu => new() { Choice = "ivr:" + d.Target },
        DestinationKind.External => new() { Choice = "external", External = PhoneDisplay.Format(d.Target) },
        _ => new(),
    };
}

public sealed record DestinationOption(string Value, string Label, string Group);

/// <summary>Everything a tenant's calls can be sent to, for the pickers, and the rules that turn a
/// posted choice into a stored <see cref="CallDestination"/>: the target must be the tenant's own,
/// external numbers must be valid (national input is accepted and stored as E.164), and a trial may
/// call only domestic numbers and, outside its own numbers, only its verified mobile.</summary>
public sealed class DestinationCatalog
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public required Tenant Tenant { get; init; }
    public required List<(string Number, string Name)> Extensions { get; init; }
    public required List<(string Number, string Name)> RingGroups { get; init; }
    public required List<(Guid Id, string Name)> Trunks { get; init; }
    public required List<string> OwnNumbers { get; init; }

    /// <summary>The language of <see cref="Resolve"/>'s messages (a use case run from a page sets it); English without.</summary>
    public IStringLocalizer? Text { get; set; }

    /// <summary>The tenant's auto attendants (IVR menus).</summary>
    public List<(Guid Id, string Name)> Menus { get; init; } = [];

    public static async Task<DestinationCatalog> LoadAsync(PortalDbContext db, Tenant tenant, CancellationToken ct) => new()
    {
        Tenant = tenant,
        Extensions = (await db.Extensions.AsNoTracking().Where(e => e.TenantId == tenant.Id).OrderBy(e => e.Number).Select(e => new { e.Number, e.Name }).ToListAsync(ct))
            .Select(e => (e.Number, e.Name)).ToList(),
        RingGroups = (await db.RingGroups.AsNoTracking().Where(g => g.TenantId == tenant.Id).OrderBy(g => g.Number).Select(g => new { g.Number, g.Name }).ToListAsync(ct))
            .Select(g => (g.Number, g.Name)).ToList(),
        Trunks = (await db.SipTrunks.AsNoTracking().Where(t => t.TenantId == tenant.Id).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name)).ToList(),
        OwnNumbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == tenant.Id && n.Status == NumberStatus.Assigned).Select(n => n.E164).ToListAsync(ct),
        Menus = (await db.AutoAttendants.AsNoTracking().Where(a => a.TenantId == tenant.Id).OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
            .Select(a => (a.Id, a.Name)).ToList(),
    };

    /// <summary>The picker's choices; with <paramref name="t"/> (a page) the labels are in the reader's language.</summary>
    public IReadOnlyList<DestinationOption> Options(bool withTrunks, string? exceptNumber = null, bool withMenus = false, Guid? exceptMenu = null, IStringLocalizer? t = null)
    {
        var options = new List<DestinationOption> { new("", L(t, "Nobody (the call ends)"), "") };
        options.AddRange(Extensions.Where(e => e.Number != exceptNumber).Select(e => new DestinationOption("ext:" + e.Number, $"{e.Number} · {e.Name}", L(t, "Extensions"))));
        options.AddRange(RingGroups.Where(g => g.Number != exceptNumber).Select(g => new DestinationOption("grp:" + g.Number, $"{g.Number} · {g.Name}", L(t, "Ring groups"))));
        options.AddRange(Extensions.Select(e => new DestinationOption("vm:" + e.Number, L(t, "Voicemail of {0} · {1}", e.Number, e.Name), L(t, "Voicemail"))));
        if (withMenus)
        {
            options.AddRange(Menus.Where(m => m.Id != exceptMenu).Select(m => new DestinationOption("ivr:" + m.Id, m.Name, L(t, "Auto attendants"))));
        }
        if (withTrunks)
        {
            options.AddRange(Trunks.Select(tr => new DestinationOption("trunk:" + tr.Id, tr.Name, L(t, "SIP trunks"))));
        }
        options.Add(new DestinationOption("external", L(t, "An outside number…"), L(t, "Outside")));
        return options;
    }

    /// <summary>Where calls go, in words; English (for the change log) unless a page passes <paramref name="t"/>.</summary>
    public string Describe(CallDestination? d, IStringLocalizer? t = null) => d?.Kind switch
    {
        null or DestinationKind.None => L(t, "nobody"),
        DestinationKind.Extension => L(t, "extension {0}", d.Target),
        DestinationKind.RingGroup => L(t, "ring group {0}", d.Target),
        DestinationKind.Voicemail => L(t, "voicemail of extension {0}", d.Target),
        DestinationKind.Menu => L(t, "auto attendant {0}", Menus.FirstOrDefault(m => m.Id.ToString() == d.Target).Name ?? L(t, "(deleted)")),
        DestinationKind.Trunk => L(t, "trunk {0}", Trunks.FirstOrDefault(tr => tr.Id.ToString() == d.Target).Name ?? L(t, "(deleted)")),
        DestinationKind.External => PhoneDisplay.Format(d.Target),
        _ => d.ToString(),
    };

    /// <summary>The phrase in the reader's language, or the English when no localizer is given.</summary>
    internal static string L(IStringLocalizer? t, string english, params object[] args)
    {
        if (t is null)
        {
            return args.Length == 0 ? english : string.Format(System.Globalization.CultureInfo.InvariantCulture, english, args);
        }
        return t[english, args];
    }

    /// <summary>The destination for <paramref name="input"/>, or null with <paramref name="error"/> saying what is wrong.</summary>
    public CallDestination? Resolve(DestinationInput? input, bool allowTrunks, out string? error, bool allowMenus = false)
    {
        error = null;
        var choice = input?.Choice?.Trim() ?? "";
        if (choice.Length == 0)
        {
            return CallDestination.None;
        }
        if (choice.StartsWith("ext:", StringComparison.Ordinal) && Extensions.Any(e => e.Number == choice[4..]))
        {
            return CallDestination.To(DestinationKind.Extension, choice[4..]);
        }
        if (choice.StartsWith("grp:", StringComparison.Ordinal) && RingGroups.Any(g => g.Number == choice[4..]))
        {
            return CallDestination.To(DestinationKind.RingGroup, choice[4..]);
        }
        if (choice.StartsWith("vm:", StringComparison.Ordinal) && Extensions.Any(e => e.Number == choice[3..]))
        {
            return CallDestination.To(DestinationKind.Voicemail, choice[3..]);
        }
        if (allowTrunks && choice.StartsWith("trunk:", StringComparison.Ordinal) && Trunks.Any(t => t.Id.ToString() == choice[6..]))
        {
            return CallDestination.To(DestinationKind.Trunk, choice[6..]);
        }
        if (allowMenus && choice.StartsWith("ivr:", StringComparison.Ordinal) && Menus.Any(m => m.Id.ToString() == choice[4..]))
        {
            return CallDestination.To(DestinationKind.Menu, choice[4..]);
        }
        if (choice == "external")
        {
            var e164 = ExternalNumber(input!.External, out error);
            return e164 is null ? null : CallDestination.To(DestinationKind.External, e164);
        }
        // A choice naming something the tenant no longer has (deleted meanwhile, or a stale form).
        error = choice switch
        {
            _ when choice.StartsWith("ext:", StringComparison.Ordinal) || choice.StartsWith("vm:", StringComparison.Ordinal)
                => L(Text, "Extension {0} does not exist (any more): choose one of your extensions.", choice[(choice.IndexOf(':') + 1)..]),
            _ when choice.StartsWith("ivr:", StringComparison.Ordinal) && allowMenus => L(Text, "That auto attendant does not exist (any more): choose another destination."),
            _ => L(Text, "Choose a destination from the list."),
        };
        return null;
    }

    private string? ExternalNumber(string? text, out string? error)
    {
        error = null;
        var country = Tenant.Country.Length == 2 ? Tenant.Country : "US";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = L(Text, "Enter the outside number to send calls to.");
            return null;
        }
        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = Phones.Parse(text, country);
        }
        catch (NumberParseException)
        {
            error = L(Text, "Enter a phone number, e.g. {0}.", Example(country));
            return null;
        }
        if (!Phones.IsValidNumber(parsed))
        {
            error = L(Text, "{0} is not a valid phone number. Use the international format, e.g. {1}.", text.Trim(), Example(country));
            return null;
        }
        var e164 = Phones.Format(parsed, PhoneNumberFormat.E164);
        if (Tenant.Status == TenantStatus.Trial)
        {
            // Trial fraud rules (docs: PRODUCT.md): domestic only, and off-net only the verified mobile.
            if (parsed.CountryCode != Phones.GetCountryCodeForRegion(country))
            {
                error = L(Text, "A trial can only forward to numbers in its own country (+{0}). Upgrade to forward abroad.", Phones.GetCountryCodeForRegion(country));
                return null;
            }
            if (e164 != Tenant.VerifiedMobileE164 && !OwnNumbers.Contains(e164))
            {
                error = L(Text, "A trial can forward outside your phone system only to your verified mobile {0}. Upgrade to forward to other numbers.", PhoneDisplay.Format(Tenant.VerifiedMobileE164));
                return null;
            }
        }
        // The same classes the SIP core applies (decision 016): premium rate and satellite only where
        // staff allowed them, international (for +1 tenants also the Caribbean and Canada) only where the plan has it.
        var destinationClass = DestinationClasses.Classify(e164, country);
        if (destinationClass is { } c && DestinationClasses.NeedsStaffPermission(c) && !Tenant.PremiumDestinationsAllowed)
        {
            error = L(Text, "{0} is a {1} number: calls can't be forwarded there. Open a support ticket (Support, in the menu) if you need it.", PhoneDisplay.Format(e164), L(Text, DestinationClasses.Describe(c)));
            return null;
        }
        if (destinationClass == DestinationClass.International && !Tenant.InternationalCallsAllowed)
        {
            error = L(Text, "{0} is an international number and your plan does not include international calls, so calls can't be forwarded there.", PhoneDisplay.Format(e164));
            return null;
        }
        return e164;
    }

    private static string Example(string country)
    {
        var example = Phones.GetExampleNumberForType(country, PhoneNumberType.MOBILE);
        return example is null ? "+1 201 555 0123" : Phones.Format(example, PhoneNumberFormat.NATIONAL);
    }
}
