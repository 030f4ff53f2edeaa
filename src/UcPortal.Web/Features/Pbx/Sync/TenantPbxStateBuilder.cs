using Microsoft.EntityFrameworkCore;
using PhoneNumbers;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.Sync;

/// <summary>Reads a tenant's configuration from the portal database and builds the state the SIP core must hold.</summary>
public sealed class TenantPbxStateBuilder(PortalDbContext db, TimeProvider clock, CallLimits.OutboundCallLimits callLimits,
    Microsoft.Extensions.Options.IOptions<Voicemail.VoicemailOptions> media)
{
    public async Task<TenantPbxState?> BuildAsync(Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return null;
        }
        var version = await db.TenantSyncStates.Where(s => s.TenantId == tenantId).Select(s => (long?)s.DesiredVersion).SingleOrDefaultAsync(ct) ?? 0;
        var extensions = await db.Extensions.AsNoTracking().Include(e => e.CallerIdNumber).Where(e => e.TenantId == tenantId).OrderBy(e => e.Number).ToListAsync(ct);
        var groups = await db.RingGroups.AsNoTracking().Include(g => g.Members).ThenInclude(m => m.Extension).Where(g => g.TenantId == tenantId).OrderBy(g => g.Number).ToListAsync(ct);
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == tenantId && n.Status == NumberStatus.Assigned).OrderBy(n => n.E164).ToListAsync(ct);
        var routes = await db.NumberRoutes.AsNoTracking().Where(r => r.TenantId == tenantId).ToDictionaryAsync(r => r.PhoneNumberId, ct);
        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Ranges).Include(s => s.Holidays).Where(s => s.TenantId == tenantId).ToListAsync(ct);
        var trunks = await db.SipTrunks.AsNoTracking().Include(t => t.Addresses).Where(t => t.TenantId == tenantId).ToListAsync(ct);
        var menus = await db.AutoAttendants.AsNoTracking().Where(a => a.TenantId == tenantId).OrderBy(a => a.CreatedAtUtc).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var firstNumber = numbers.FirstOrDefault()?.E164;
        var firstExtension = extensions.FirstOrDefault()?.Number;

        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            // Released: the SIP core keeps nothing that lets anyone register or be called; the portal keeps the configuration.
            extensions = [];
            groups = [];
            numbers = [];
            trunks = [];
            menus = [];
        }
        var trial = tenant.Status == TenantStatus.Trial;
        var flags = new PbxTenantFlags(
            Suspended: tenant.Status is TenantStatus.Suspended or TenantStatus.Released or TenantStatus.Purged,
            Trial: trial,
            OutboundAllowed: !trial || tenant.HasTrialCreditLeft,
            InternationalAllowed: !trial && tenant.InternationalCallsAllowed,
            MaxConcurrentCalls: tenant.MaxConcurrentCalls,
            Country: tenant.Country,
            CountryCallingCode: PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(tenant.Country).ToString(System.Globalization.CultureInfo.InvariantCulture),
            VerifiedMobileE164: tenant.VerifiedMobileE164,
            EmergencyNumbers: EmergencyNumbers.ForTenant(tenant.Country, extensions.Select(e => e.Number).Concat(groups.Select(g => g.Number))),
            PremiumAllowed: !trial && tenant.PremiumDestinationsAllowed,
            DestinationRules: DestinationRulesFor(tenant.Country),
            Limits: await callLimits.ForTenantAsync(tenant, ct),
            // Announcements need the media engine (decision 026); without it the SIP core answers with the SIP error.
            AnnouncementVoice: media.Value.Enabled ? Voicemail.Announcements.VoiceOf(tenant.Country) : null);

        return new TenantPbxState(
            tenant.Id,
            version,
            tenant.SipDomain,
            flags,
            extensions.Select(e => new PbxExtension(
                e.Number, e.SipUsername, e.Ha1, e.CallerIdNumber?.E164 ?? firstNumber, e.DoNotDisturb,
                Map(e.ForwardAlways), Map(e.ForwardBusy), Map(e.ForwardNoAnswer), e.NoAnswerSeconds, Map(e.ForwardUnregistered),
                e.VoicemailEnabled)).ToList(),
            groups.Select(g => new PbxRingGroup(
                g.Number, g.Strategy == RingStrategy.Sequential ? "sequential" : "simultaneous", g.RingSeconds,
                g.Members.OrderBy(m => m.Position).Select(m => m.Extension!.Number).ToList(), Map(g.NoAnswerDestination))).ToList(),
            numbers.Select(n => routes.TryGetValue(n.Id, out var r)
                ? new PbxNumber(n.E164, Map(r.OpenDestination), Map(r.ClosedDestination), r.ScheduleId, n.EmergencyAddress,
                    r.FailoverDestination is { IsSet: true } failover ? Map(failover) : null)
                // A number nobody routed yet rings the first extension, as the trial promises.
                : new PbxNumber(n.E164, firstExtension is null ? PbxDestination.None : new PbxDestination("extension", firstExtension), PbxDestination.None, null, n.EmergencyAddress)).ToList(),
            schedules.Select(s => new PbxSchedule(s.Id, ScheduleCalendar.OpenWindowsUtc(s, now))).ToList(),
            trunks.Select(t => new PbxTrunk(
                t.Id, t.AuthMode == TrunkAuthMode.Registration ? "registration" : "ip", t.Username, t.Ha1,
                t.Addresses.Select(a => new PbxTrunkAddress(a.IpAddress, a.Port)).ToList(), t.MaxChannels)).ToList(),
            menus.Select(m => new PbxAttendant(m.Id, m.KeyMap().ToDictionary(k => k.Key, k => Map(k.Value)), Map(m.TimeoutDestination), Map(m.InvalidDestination),
                m.RepeatKeys().Length > 0 ? AutoAttendant.MaxRepeats : 0)).ToList());
    }

    /// <summary>The SIP core's prefix table of <paramref name="country"/> (decision 016).</summary>
    public static IReadOnlyList<PbxDestinationRule> DestinationRulesFor(string country) =>
        DestinationClasses.RulesFor(country).Select(r => new PbxDestinationRule(r.Prefix, DestinationClasses.SipName(r.Class))).ToList();

    public static PbxDestination Map(CallDestination? d) => d is null || d.Kind == DestinationKind.None
        ? PbxDestination.None
        : new PbxDestination(d.Kind switch
        {
            DestinationKind.Extension => "extension",
            DestinationKind.RingGroup => "ringgroup",
            DestinationKind.External => "external",
            DestinationKind.Trunk => "trunk",
            DestinationKind.Voicemail => "voicemail",
            DestinationKind.Menu => "menu",
            _ => "none",
        },
        // The SIP core knows a trunk by its id in "N" form (no hyphens), as TenantPbxState documents.
        d.Kind is DestinationKind.Trunk or DestinationKind.Menu && Guid.TryParse(d.Target, out var trunkId) ? trunkId.ToString("N") : d.Target);
}
