namespace UcPortal.Web.Features.Email;

/// <summary>Emails sent because support staff acted on a customer's account.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail SipPasswordResetByStaff(string fullName, string company, string extension, string revealUrl) => Compose(
        "sip-password-reset-by-staff",
        T("The SIP password of extension {0} was reset", extension),
        Hi(fullName),
        [
            T("Our support team has reset the SIP password of extension {0} of {1}. Phones and apps still using the old password can no longer register.", extension, company),
            T("Open the extension in the portal to see the new password, then enter it in the phone or app."),
        ],
        (T("Open the extension"), revealUrl),
        [T("If you did not ask for this, reply to this email and we will look into it.")]);
}
