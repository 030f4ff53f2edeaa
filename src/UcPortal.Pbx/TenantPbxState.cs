namespace UcPortal.Pbx;

/// <summary>Everything the SIP core must know about one tenant, computed by the portal from its
/// database (the desired state). A writer applies it whole: applying the same state twice changes
/// nothing, and a tenant missing from the portal is removed from the SIP core by <see cref="IPbxStateWriter.RemoveTenantAsync"/>.</summary>
public sealed record TenantPbxState(
    Guid TenantId,
    long Version,
    string SipDomain,
    PbxTenantFlags Flags,
    IReadOnlyList<PbxExtension> Extensions,
    IReadOnlyList<PbxRingGroup> RingGroups,
    IReadOnlyList<PbxNumber> Numbers,
    IReadOnlyList<PbxSchedule> Schedules,
    IReadOnlyList<PbxTrunk> Trunks,
    IReadOnlyList<PbxAttendant>? Menus = null);

/// <summary>An auto attendant (decision 026): the media engine answers <c>ivr-&lt;id&gt;</c>, plays the prompt and, on a
/// key, transfers the caller (REFER) to <c>ivrx-&lt;id&gt;-&lt;key&gt;</c> at the SIP core, which routes the call to the
/// key's destination. Keys are '0'-'9', '*', '#'; <paramref name="Timeout"/> and <paramref name="Invalid"/> are the
/// destinations for no key and a key that leads nowhere. <paramref name="Repeats"/>: how many times a "repeat this
/// menu" key brings the caller back (<c>ivrx-&lt;id&gt;-r&lt;n&gt;</c> to the engine's <c>ivr-&lt;id&gt;-r&lt;n&gt;</c>); 0 = no such key.</summary>
public sealed record PbxAttendant(Guid Id, IReadOnlyDictionary<char, PbxDestination> Keys, PbxDestination Timeout, PbxDestination Invalid, int Repeats = 0)
{
    /// <summary>The key's letter in SIP user parts and htable keys: digits as they are, 's' for '*', 'h' for '#',
    /// 't' for the timeout and 'i' for an invalid key.</summary>
    public static string KeyCode(char key) => key switch { '*' => "s", '#' => "h", _ => key.ToString() };
}

/// <param name="Suspended">All calls and registrations refused.</param>
/// <param name="Trial">Trial restrictions: outbound and forwarding only to domestic numbers
/// and, outside the tenant, only to <paramref name="VerifiedMobileE164"/>; no trunks.</param>
/// <param name="OutboundAllowed">False when trial credit is used up: inbound and internal calls still work.</param>
/// <param name="Country">ISO country of the tenant: "domestic" means E.164 numbers of this country's calling code.</param>
/// <param name="EmergencyNumbers">Short codes (e.g. "911", "112", "999") that reach the emergency services of the
/// tenant's country. The SIP core sends them to the carrier before any other rule: also for trials, without
/// credit, with outbound calls blocked and while suspended (not once released: the credentials are gone).</param>
/// <param name="PremiumAllowed">Staff allowed premium-rate and satellite destinations for this tenant.</param>
/// <param name="DestinationRules">The destination classes of numbers as seen from <paramref name="Country"/>:
/// E.164 digit prefixes, longest prefix wins, no match = international. Shared by every tenant of the country.</param>
/// <param name="Limits">Money and fraud limits of calls to the carrier; null = none.</param>
/// <param name="AnnouncementVoice">The media engine plays announcements ("closed", "credit used up") in this
/// espeak-ng voice instead of a bare SIP error; null when no media engine answers them.</param>
public sealed record PbxTenantFlags(
    bool Suspended,
    bool Trial,
    bool OutboundAllowed,
    bool InternationalAllowed,
    int MaxConcurrentCalls,
    string Country,
    string CountryCallingCode,
    string VerifiedMobileE164,
    IReadOnlyList<string>? EmergencyNumbers = null,
    bool PremiumAllowed = false,
    IReadOnlyList<PbxDestinationRule>? DestinationRules = null,
    PbxCallLimits? Limits = null,
    string? AnnouncementVoice = null);

/// <summary>What holds a tenant's calls to the carrier while they run (kamailio.cfg routes CALL_LIMITS and FRAUD).</summary>
/// <param name="OutboundSecondsLeft">Seconds of calls to the carrier the trial credit or today's spending cap still
/// pays for: a call is cut (BYE to both sides) when it reaches them, and refused at 0. Null = no limit.</param>
/// <param name="OutboundBlocked">Outbound calls blocked for fraud signals until staff clear the tenant's flag.</param>
/// <param name="MaxAttemptsPerWindow">More attempts to the carrier than this within the SIP core's fraud window
/// (60 s) block outbound calls at once; 0 = not checked.</param>
/// <param name="MaxCapRefusalsPerWindow">More calls refused at the call cap than this within the window block them too; 0 = not checked.</param>
public sealed record PbxCallLimits(int? OutboundSecondsLeft, bool OutboundBlocked, int MaxAttemptsPerWindow, int MaxCapRefusalsPerWindow);

/// <param name="Prefix">E.164 digits without "+".</param>
/// <param name="Class">"fixed", "mobile", "intl", "premium", "shared", "satellite" or "tollfree".</param>
public sealed record PbxDestinationRule(string Prefix, string Class);

/// <summary>Kind: "none", "extension", "ringgroup", "external", "trunk", "voicemail"; Target: extension or
/// group number, E.164 number, or trunk id ("n" format).</summary>
public sealed record PbxDestination(string Kind, string Target)
{
    public static readonly PbxDestination None = new("none", "");

    public bool IsSet => Kind != "none";
}

/// <param name="Voicemail">The extension's mailbox is on: calls it misses (busy, no answer, not registered)
/// go to the media engine when no forwarding applies.</param>
public sealed record PbxExtension(
    string Number,
    string Username,
    string Ha1,
    string? CallerIdE164,
    bool DoNotDisturb,
    PbxDestination ForwardAlways,
    PbxDestination ForwardBusy,
    PbxDestination ForwardNoAnswer,
    int NoAnswerSeconds,
    PbxDestination ForwardUnregistered,
    bool Voicemail = false);

/// <param name="Strategy">"simultaneous" or "sequential".</param>
/// <param name="Members">Extension numbers, in ringing order.</param>
public sealed record PbxRingGroup(string Number, string Strategy, int RingSeconds, IReadOnlyList<string> Members, PbxDestination NoAnswer);

/// <param name="ScheduleId">Null: always open.</param>
/// <param name="EmergencyAddress">Where the number is used (one line of text), sent with an emergency call that
/// presents this number when the SIP core names a header for it (EMERGENCY_ADDRESS_HEADER); null when unknown.</param>
/// <param name="Failover">Where calls go when the number's destination is a trunk (or registered PBX) that is down: no
/// answer at all or unanswered until the SIP core's timer, 408 or 5xx, or a registering trunk not registered; not on
/// busy or a decline (decision 034). Null: none, the caller gets the error.</param>
public sealed record PbxNumber(string E164, PbxDestination Open, PbxDestination Closed, Guid? ScheduleId, string? EmergencyAddress = null,
    PbxDestination? Failover = null);

/// <summary>Business hours as the instants they are open, in UTC, for a window ahead of now
/// (time zones, daylight saving and holidays already applied by the portal, which refreshes them daily).</summary>
public sealed record PbxSchedule(Guid Id, IReadOnlyList<PbxOpenWindow> OpenWindowsUtc);

public sealed record PbxOpenWindow(DateTime StartUtc, DateTime EndUtc);

/// <param name="AuthMode">"registration" or "ip".</param>
/// <param name="MaxChannels">Calls at once to and from the trunk (0 = no limit of its own); the tenant's cap applies too.</param>
public sealed record PbxTrunk(Guid Id, string AuthMode, string? Username, string? Ha1, IReadOnlyList<PbxTrunkAddress> Addresses, int MaxChannels);

public sealed record PbxTrunkAddress(string IpAddress, int Port);

/// <summary>Writes a tenant's desired state into the SIP core, in one transaction, then asks the
/// SIP core to reload what it caches. Throws when the SIP core or its database cannot be reached
/// (the caller retries).</summary>
public interface IPbxStateWriter
{
    /// <summary>False when no SIP core is configured (the embedded default).</summary>
    bool IsConnected { get; }

    Task ApplyAsync(TenantPbxState state, CancellationToken ct);

    Task RemoveTenantAsync(Guid tenantId, string sipDomain, CancellationToken ct);

    /// <summary>Tells the SIP core whether a media engine answers announcements now (decision 026): a call to a number
    /// no tenant holds then hears "not in service" in <paramref name="voice"/> instead of a bare 404; null = no engine.
    /// The media service sets it while its engine answers and clears it when the engine goes away.</summary>
    Task SetMediaEngineAsync(string? voice, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The embedded default: no SIP core. The portal keeps and validates the configuration
/// and says plainly that nothing is applied anywhere.</summary>
public sealed class NoSipCore : IPbxStateWriter
{
    public bool IsConnected => false;

    public Task ApplyAsync(TenantPbxState state, CancellationToken ct) => Task.CompletedTask;

    public Task RemoveTenantAsync(Guid tenantId, string sipDomain, CancellationToken ct) => Task.CompletedTask;
}
