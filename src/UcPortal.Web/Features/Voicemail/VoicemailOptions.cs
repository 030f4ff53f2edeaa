namespace UcPortal.Web.Features.Voicemail;

/// <summary>Voicemail: the media engine (baresip, decision 014) and where messages are kept.</summary>
public sealed class VoicemailOptions
{
    public const string Section = "Voicemail";

    /// <summary>Run the media service: connect to the engine, add every mailbox, store the messages it records.
    /// Off: no mailbox answers (the SIP core still sends calls to MEDIA_GW when a mailbox is on).</summary>
    public bool Enabled { get; set; }

    /// <summary>The portal starts baresip itself (with a generated config) and restarts it when it exits.
    /// False: an engine started elsewhere (scripts/sip-stack.sh, another host) is used at <see cref="ControlListen"/>.</summary>
    public bool StartEngine { get; set; } = true;

    public string BaresipPath { get; set; } = "baresip";

    /// <summary>The engine's config, prompts and recordings in progress; relative = under the content root.</summary>
    public string EngineDirectory { get; set; } = "media-engine";

    /// <summary>host:port of the engine's SIP socket: Kamailio's MEDIA_GW.</summary>
    public string SipListen { get; set; } = "127.0.0.1:5080";

    /// <summary>host:port of the engine's control socket (ctrl_tcp; keep it on loopback).</summary>
    public string ControlListen { get; set; } = "127.0.0.1:4444";

    public string RtpPorts { get; set; } = "20000-20199";

    /// <summary>host:port of the SIP core as the caller reaches it: an auto attendant transfers the caller (REFER)
    /// to <c>sip:ivrx-…@</c> this address, where the SIP core routes the key's destination.</summary>
    public string SipCoreAddress { get; set; } = "127.0.0.1:5060";

    /// <summary>The voice of the "not in service" announcement for a call to a number no tenant holds (one of
    /// <see cref="Announcements.Voices"/>); the SIP core plays it while the engine answers (decision 026).</summary>
    public string NotInServiceVoice { get; set; } = "en-us";

    /// <summary>How many engines the pool has (decision 037): each takes one call at a time, so this is also the
    /// number of engine calls at once. Engine i (from 0) listens at <see cref="SipListen"/>'s port + i (Kamailio's
    /// MEDIA_ENGINES must say the same number) and <see cref="ControlListen"/>'s port + i, and takes the i-th equal
    /// share of <see cref="RtpPorts"/>.</summary>
    public int Engines { get; set; } = 4;

    /// <summary>The longest message: the engine hangs up after this many seconds of recording.</summary>
    public int MaxMessageSeconds { get; set; } = 120;

    /// <summary>Seconds between two passes that add new mailboxes and greetings to the engine.</summary>
    public int MailboxSyncSeconds { get; set; } = 5;

    /// <summary>Message audio and greetings, one folder per tenant, outside wwwroot; relative = under the content root.</summary>
    public string StorageDirectory { get; set; } = "voicemail-data";

    /// <summary>Minutes of messages a tenant may keep, by plan code; plans not listed get <see cref="DefaultQuotaMinutes"/>.</summary>
    public Dictionary<string, int> PlanQuotaMinutes { get; set; } = new(StringComparer.OrdinalIgnoreCase) { ["trial"] = 10 };

    public int DefaultQuotaMinutes { get; set; } = 120;

    /// <summary>Uploaded greetings: longest and biggest accepted.</summary>
    public int GreetingMaxSeconds { get; set; } = 60;

    public int GreetingMaxBytes { get; set; } = 10 * 1024 * 1024;
}
