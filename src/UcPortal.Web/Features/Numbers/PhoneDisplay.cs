using PhoneNumbers;

namespace UcPortal.Web.Features.Numbers;

/// <summary>Numbers are stored as E.164 (+12125550100) and shown the way people write them (+1 212-555-0100).</summary>
public static class PhoneDisplay
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string Format(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "";
        }
        try
        {
            return Phones.Format(Phones.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
