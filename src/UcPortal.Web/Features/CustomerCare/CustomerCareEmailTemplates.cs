namespace UcPortal.Web.Features.Email;

/// <summary>Emails sent because support staff acted on a customer's account.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail SipPasswordResetByStaff(string fullName, string company, string extension, string revealUrl) => Compose(
        "sip-password-reset-by-staff",
        $"The SIP password of extension {extension} was reset",
        $"Hi {FirstName(fullName)},",
        [
            $"Our support team has reset the SIP password of extension {extension} of {company}. Phones and apps still using the old password can no longer register.",
            "Open the extension in the portal to see the new password, then enter it in the phone or app.",
        ],
        ("Open the extension", revealUrl),
        ["If you did not ask for this, reply to this email and we will look into it."]);
}
