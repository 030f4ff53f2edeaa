namespace UcPortal.Web.Features.Email;

public sealed partial class EmailTemplates
{
    public ComposedEmail PaidWelcome(string fullName, string company, string planName, string billingUrl) => Compose(
        "paid-welcome",
        T("Welcome to {0} {1}", Brand, T(planName)),
        Hi(fullName),
        [
            T("Thank you: {0} is now on the {1} plan. The trial limits are lifted, and your numbers, extensions and settings stay exactly as you configured them.", company, T(planName)),
            T("Invoices, your card and cancellation are on the billing page at any time."),
        ],
        (T("Open billing"), billingUrl),
        []);
}
