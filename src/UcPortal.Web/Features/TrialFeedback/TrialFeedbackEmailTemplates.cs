namespace UcPortal.Web.Features.Email;

/// <summary>The staff digest of due trial follow-ups.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail TrialFollowUpsDue(string fullName, IReadOnlyList<(string Company, string Detail)> items, string listUrl) => Compose(
        "trial-follow-ups-due",
        items.Count == 1 ? T("1 trial follow-up is due today") : T("{0} trial follow-ups are due today", items.Count),
        Hi(fullName),
        [
            items.Count == 1
                ? T("This trial that ended without converting is assigned to you and due for a follow-up:")
                : T("These trials that ended without converting are assigned to you and due for a follow-up:"),
        ],
        (T("Open my follow-ups"), listUrl),
        [T("Change the date or close a follow-up on the list once you have been in touch.")],
        table: items.Select(i => (i.Company, i.Detail)).ToList());
}
