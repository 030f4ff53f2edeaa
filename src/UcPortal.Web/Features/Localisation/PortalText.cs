using System.Globalization;
using Microsoft.Extensions.Localization;

namespace UcPortal.Web.Features.Localisation;

/// <summary>A phrase from code shared by customer pages (translated) and staff pages or logs (English,
/// decision 036): with a localizer, the phrase in the request's language; without, the English as written.</summary>
public static class PortalText
{
    public static string Say(IStringLocalizer? t, string english, params object[] args) =>
        t is null ? string.Format(CultureInfo.InvariantCulture, english, args) : t[english, args];
}
