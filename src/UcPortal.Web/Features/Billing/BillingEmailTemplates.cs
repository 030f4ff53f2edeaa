namespace UcPortal.Web.Features.Email;

public sealed partial class EmailTemplates
{
    public ComposedEmail PaidWelcome(string fullName, string company, string planName, string billingUrl) => Compose(
        "paid-welcome",
        $"Welcome to {Brand} {planName}",
        $"Hi {FirstName(fullName)},",
        [
            $"Thank you: {company} is now on the {planName} plan. The trial limits are lifted, and your numbers, extensions and settings stay exactly as you configured them.",
            "Invoices, your card and cancellation are on the billing page at any time.",
        ],
        ("Open billing", billingUrl),
        []);
}
