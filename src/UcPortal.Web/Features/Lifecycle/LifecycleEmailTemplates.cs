namespace UcPortal.Web.Features.Email;

/// <summary>The emails of the suspension ladder: trial reminders, expiry, dunning, cancellation, release.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail TrialEndsSoon(string fullName, string company, int daysLeft, DateTime endsAtUtc, string upgradeUrl) => Compose(
        "trial-ends-soon",
        daysLeft == 1 ? T("Your {0} trial ends tomorrow", Brand) : T("Your {0} trial ends in {1} days", Brand, daysLeft),
        Hi(fullName),
        [
            T("The free trial of {0} ends on {1} at {2} UTC. After that, calls and registrations stop until you choose a plan.", company, Day(endsAtUtc), endsAtUtc.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            T("Upgrade now and nothing changes for your callers: your numbers, extensions and settings stay exactly as they are."),
        ],
        (T("Upgrade"), upgradeUrl),
        [T("Questions about plans? Reply to this email and we will help.")]);

    /// <summary>The trial credit is low or used up; <paramref name="left"/> and <paramref name="total"/> as the
    /// credit's kind reads ("12 minutes" / "60 minutes", or "$0.80" / "$5.00").</summary>
    public ComposedEmail TrialCreditLow(string fullName, string company, bool usedUp, string left, string total, string upgradeUrl) => Compose(
        "trial-credit-low",
        usedUp ? T("Your {0} trial credit is used up", Brand) : T("{0} of {1} trial credit left", left, Brand),
        Hi(fullName),
        [
            usedUp
                ? T("{0} has used all {1} of trial credit, so calls to the phone network have stopped. Calls between your extensions still work.", company, total)
                : T("{0} has {1} of its {2} of trial credit left. When it runs out, calls to the phone network stop.", company, left, total),
            T("A paid plan includes minutes every month and keeps your numbers and configuration as they are."),
        ],
        (T("Upgrade"), upgradeUrl),
        []);

    /// <param name="reasonLinks">One signed link per reason the prospect may give for not buying (one click records it).</param>
    public ComposedEmail TrialExpired(string fullName, string company, DateTime releaseOnUtc, string upgradeUrl, IReadOnlyList<(string Label, string Url)>? reasonLinks = null) => Compose(
        "trial-expired",
        T("Your {0} trial has ended", Brand),
        Hi(fullName),
        [
            T("The free trial of {0} has ended, so calls and registrations are refused for now. Your configuration is kept.", company),
            T("Upgrade before {0} and everything works again at once, with the same numbers and settings. After that date the numbers are released and can no longer be recovered.", Day(releaseOnUtc)),
        ],
        (T("Upgrade"), upgradeUrl),
        reasonLinks is { Count: > 0 } ? [T("One click tells us; you can add a few words on the page that opens. We read every answer.")] : [],
        choices: reasonLinks is { Count: > 0 } ? (T("Not buying? Tell us why:"), reasonLinks.Select(l => (T(l.Label), l.Url)).ToList()) : null);

    public ComposedEmail SubscriptionEnded(string fullName, string company, DateTime releaseOnUtc, string upgradeUrl) => Compose(
        "subscription-ended",
        T("Your {0} subscription has ended", Brand),
        Hi(fullName),
        [
            T("The subscription of {0} has ended, so calls and registrations are refused. Your configuration is kept.", company),
            T("Choose a plan again before {0} to keep your numbers and settings. After that date the numbers are released and can no longer be recovered.", Day(releaseOnUtc)),
        ],
        (T("Choose a plan"), upgradeUrl),
        []);

    public ComposedEmail AccountReleased(string fullName, string company, IReadOnlyList<string> numbers, DateTime configKeptUntilUtc) => Compose(
        "account-released",
        T("Your {0} numbers have been released", Brand),
        Hi(fullName),
        [
            numbers.Count == 0
                ? T("The phone system of {0} has been released: its SIP credentials no longer work.", company)
                : T("The phone system of {0} has been released: its SIP credentials no longer work and its numbers ({1}) are no longer yours.", company, string.Join(", ", numbers)),
            T("Your configuration is kept until {0} and then deleted. To start again, contact us before then.", Day(configKeptUntilUtc)),
        ],
        null,
        []);

    public ComposedEmail PaymentOverdue(string fullName, string company, int day, bool suspended, DateTime suspendOnUtc, DateTime cancelOnUtc, string billingUrl) => Compose(
        "payment-overdue",
        suspended ? T("{0} service suspended: payment overdue", Brand) : T("Payment overdue for {0}", company),
        Hi(fullName),
        [
            suspended
                ? T("We still could not collect the payment for {0}, {1} days after the first attempt, so calls and registrations are now refused. Your configuration and numbers are kept.", company, day)
                : day == 1
                    ? T("We could not collect the latest payment for {0} (1 day ago). Your service continues while we try the card again.", company)
                    : T("We could not collect the latest payment for {0} ({1} days ago). Your service continues while we try the card again.", company, day),
            suspended
                ? T("Update your payment method and the service is restored as soon as the payment goes through. Without payment, the subscription is cancelled on {0}.", Day(cancelOnUtc))
                : T("Please update your payment method: without payment, the service is suspended on {0} and the subscription cancelled on {1}.", Day(suspendOnUtc), Day(cancelOnUtc)),
        ],
        (T("Update payment method"), billingUrl),
        []);
}
