namespace UcPortal.Web.Features.Pbx;

/// <summary>The PBX section's pages in menu order, and whether members may open them. Members may
/// change only their own extension's forwarding, so the menu shows them that page alone; the other
/// pages' controllers turn members away (owners and admins only), and the menu must not offer them.</summary>
public static class PbxMenu
{
    public sealed record Entry(string Key, string Href, string Icon, string Label, bool ForMembers = false);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("extensions", "/pbx/extensions", "bi-person-badge", "Extensions", ForMembers: true),
        // Members hear the messages of the extensions they use.
        new("voicemail", "/pbx/voicemail", "bi-voicemail", "Voicemail", ForMembers: true),
        new("ring-groups", "/pbx/ring-groups", "bi-people", "Ring groups"),
        new("numbers", "/pbx/numbers", "bi-telephone-inbound", "Numbers"),
        new("porting", "/pbx/porting", "bi-box-arrow-in-down-right", "Bring a number"),
        new("auto-attendants", "/pbx/auto-attendants", "bi-grid-3x3-gap", "Auto attendants"),
        new("schedules", "/pbx/schedules", "bi-clock", "Business hours"),
        new("trunks", "/pbx/trunks", "bi-diagram-3", "SIP trunks"),
        new("phones", "/pbx/phones", "bi-telephone", "Desk phones"),
        new("team", "/pbx/team", "bi-person-plus", "Team"),
        // Calls and minutes are the account's business (and its bill), not a member's.
        new("usage", "/pbx/usage", "bi-bar-chart", "Usage"),
        new("changes", "/pbx/changes", "bi-arrow-repeat", "Changes"),
    ];

    public static IEnumerable<Entry> For(bool canManage) => Entries.Where(e => canManage || e.ForMembers);
}
