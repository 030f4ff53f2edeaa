using System.Globalization;

namespace UcPortal.Web.Features.Email;

/// <summary>The emails of the suspension ladder: trial reminders, expiry, dunning, cancellation, release.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail TrialEndsSoon(string fullName, string company, int daysLeft, DateTime endsAtUtc, string upgradeUrl) => Compose(
        "trial-ends-soon",
        daysLeft == 1 ? $"Your {Brand} trial ends tomorrow" : $"Your {Brand} trial ends in {daysLeft} days",
        $"Hi {FirstName(fullName)},",
        [
            $"The free trial of {company} ends on {Day(endsAtUtc)} at {endsAtUtc:HH:mm} UTC. After that, calls and registrations stop until you choose a plan.",
            "Upgrade now and nothing changes for your callers: your numbers, extensions and settings stay exactly as they are.",
        ],
        ("Upgrade", upgradeUrl),
        ["Questions about plans? Reply to this email and we will help."]);

    /// <summary>The trial credit is low or used up; <paramref name="left"/> and <paramref name="total"/> as the
    /// credit's kind reads ("12 minutes" / "60 minutes", or "$0.80" / "$5.00").</summary>
    public ComposedEmail TrialCreditLow(string fullName, string company, bool usedUp, string left, string total, string upgradeUrl) => Compose(
        "trial-credit-low",
        usedUp ? $"Your {Brand} trial credit is used up" : $"{left} of {Brand} trial credit left",
        $"Hi {FirstName(fullName)},",
        [
            usedUp
                ? $"{company} has used all {total} of trial credit, so calls to the phone network have stopped. Calls between your extensions still work."
                : $"{company} has {left} of its {total} of trial credit left. When it runs out, calls to the phone network stop.",
            "A paid plan includes minutes every month and keeps your numbers and configuration as they are.",
        ],
        ("Upgrade", upgradeUrl),
        []);

    /// <param name="reasonLinks">One signed link per reason the prospect may give for not buying (one click records it).</param>
    public ComposedEmail TrialExpired(string fullName, string company, DateTime releaseOnUtc, string upgradeUrl, IReadOnlyList<(string Label, string Url)>? reasonLinks = null) => Compose(
        "trial-expired",
        $"Your {Brand} trial has ended",
        $"Hi {FirstName(fullName)},",
        [
            $"The free trial of {company} has ended, so calls and registrations are refused for now. Your configuration is kept.",
            $"Upgrade before {Day(releaseOnUtc)} and everything works again at once, with the same numbers and settings. After that date the numbers are released and can no longer be recovered.",
        ],
        ("Upgrade", upgradeUrl),
        reasonLinks is { Count: > 0 } ? ["One click tells us; you can add a few words on the page that opens. We read every answer."] : [],
        choices: reasonLinks is { Count: > 0 } ? ("Not buying? Tell us why:", reasonLinks) : null);

    public ComposedEmail SubscriptionEnded(string fullName, string company, DateTime releaseOnUtc, string upgradeUrl) => Compose(
        "subscription-ended",
        $"Your {Brand} subscription has ended",
        $"Hi {FirstName(fullName)},",
        [
            $"The subscription of {company} has ended, so calls and registrations are refused. Your configuration is kept.",
            $"Choose a plan again before {Day(releaseOnUtc)} to keep your numbers and settings. After that date the numbers are released and can no longer be recovered.",
        ],
        ("Choose a plan", upgradeUrl),
        []);

    public ComposedEmail AccountReleased(string fullName, string company, IReadOnlyList<string> numbers, DateTime configKeptUntilUtc) => Compose(
        "account-released",
        $"Your {Brand} numbers have been released",
        $"Hi {FirstName(fullName)},",
        [
            numbers.Count == 0
                ? $"The phone system of {company} has been released: its SIP credentials no longer work."
                : $"The phone system of {company} has been released: its SIP credentials no longer work and its numbers ({string.Join(", ", numbers)}) are no longer yours.",
            $"Your configuration is kept until {Day(configKeptUntilUtc)} and then deleted. To start again, contact us before then.",
        ],
        null,
        []);

    public ComposedEmail PaymentOverdue(string fullName, string company, int day, bool suspended, DateTime suspendOnUtc, DateTime cancelOnUtc, string billingUrl) => Compose(
        "payment-overdue",
        suspended ? $"{Brand} service suspended: payment overdue" : $"Payment overdue for {company}",
        $"Hi {FirstName(fullName)},",
        [
            suspended
                ? $"We still could not collect the payment for {company}, {day} days after the first attempt, so calls and registrations are now refused. Your configuration and numbers are kept."
                : $"We could not collect the latest payment for {company} ({day} {(day == 1 ? "day" : "days")} ago). Your service continues while we try the card again.",
            suspended
                ? $"Update your payment method and the service is restored as soon as the payment goes through. Without payment, the subscription is cancelled on {Day(cancelOnUtc)}."
                : $"Please update your payment method: without payment, the service is suspended on {Day(suspendOnUtc)} and the subscription cancelled on {Day(cancelOnUtc)}.",
        ],
        ("Update payment method", billingUrl),
        []);

    private static string Day(DateTime utc) => utc.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
