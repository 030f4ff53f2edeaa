namespace UcPortal.Web.Features.Email;

/// <summary>The cost comparison's two emails. The first one only asks the reader to confirm the
/// address and carries nothing the requester typed (no name, no company): whoever types a stranger's
/// address can make the portal send that stranger one short note, never a report or their words.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail ComparisonConfirm(string confirmUrl, int validHours) => Compose(
        "comparison-confirm",
        T("Confirm your email to receive your {0} cost comparison", Brand),
        T("Hello,"),
        [
            T("Someone asked for a {0} cost comparison report (hosted PBX against on-premise) to be sent to this address. If it was you, confirm and we email the PDF at once.", Brand),
        ],
        (T("Send me my report"), confirmUrl),
        [T("The link works for {0} hours. If you did not ask for a report, ignore this email: nothing more is sent to you.", validHours)]);

    public ComposedEmail ComparisonReport(string fullName, string company, IReadOnlyList<(string Label, string Value)> totals, string breakEven, string trialUrl) => Compose(
        "comparison-report",
        T("Your cost comparison for {0}", company),
        Hi(fullName),
        [
            T("Here is the three-year cost comparison you made for {0}; the PDF attached has every line and the assumptions behind it.", company),
            breakEven,
        ],
        (T("Start my free trial"), trialUrl),
        [T("The trial form opens with your name, company and email filled in: the trial is free, needs no card, and gives you real SIP credentials and a phone number to test with.")],
        totals);
}
