namespace UcPortal.Web.Features.Email;

/// <summary>The cost comparison's two emails. The first one only asks the reader to confirm the
/// address and carries nothing the requester typed (no name, no company): whoever types a stranger's
/// address can make the portal send that stranger one short note, never a report or their words.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail ComparisonConfirm(string confirmUrl, int validHours) => Compose(
        "comparison-confirm",
        $"Confirm your email to receive your {Brand} cost comparison",
        "Hello,",
        [
            $"Someone asked for a {Brand} cost comparison report (hosted PBX against on-premise) to be sent to this address. If it was you, confirm and we email the PDF at once.",
        ],
        ("Send me my report", confirmUrl),
        [$"The link works for {validHours} hours. If you did not ask for a report, ignore this email: nothing more is sent to you."]);

    public ComposedEmail ComparisonReport(string fullName, string company, IReadOnlyList<(string Label, string Value)> totals, string breakEven, string trialUrl) => Compose(
        "comparison-report",
        $"Your cost comparison for {company}",
        $"Hi {FirstName(fullName)},",
        [
            $"Here is the three-year cost comparison you made for {company}; the PDF attached has every line and the assumptions behind it.",
            breakEven,
        ],
        ("Start my free trial", trialUrl),
        ["The trial form opens with your name, company and email filled in: the trial is free, needs no card, and gives you real SIP credentials and a phone number to test with."],
        totals);
}
