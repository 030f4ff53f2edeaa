using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Email;

/// <summary>Number porting's email to the tenant's owner: the request's status changed.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail PortingStatusChanged(string fullName, int requestId, string e164, PortingStatus status, string? detail, DateOnly? portDate, string requestUrl)
    {
        var number = PhoneDisplay.Format(e164);
        var (subject, lead) = status switch
        {
            PortingStatus.InformationNeeded => (T("We need more information to port {0}", number), T("To port {0} to {1} we need more information from you:", number, Brand)),
            PortingStatus.DateSet => (T("{0} moves to {1} on {2}", number, Brand, PortDay(portDate, false)),
                T("The date for porting {0} is set: {1}. Calls may be interrupted for a few minutes on that day while the number moves.", number, PortDay(portDate, true))),
            PortingStatus.Completed => (T("{0} is now on {1}", number, Brand), T("{0} has moved to {1}. It rings your first extension until you route it on the Numbers page.", number, Brand)),
            PortingStatus.Rejected => (T("We could not port {0}", number), T("We could not port {0} to {1}. The reason:", number, Brand)),
            PortingStatus.Cancelled => (T("Your request to port {0} is cancelled", number), T("Your request to port {0} to {1} is cancelled.", number, Brand)),
            _ => (T("Your request to port {0}", number), T("Your request to port {0} to {1} is submitted.", number, Brand)),
        };
        var paragraphs = new List<string> { lead };
        if (!string.IsNullOrWhiteSpace(detail))
        {
            paragraphs.AddRange(detail.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return Compose(
            "porting-" + status.ToString().ToLowerInvariant(),
            T("[Port #{0}] {1}", requestId, subject),
            Hi(fullName),
            paragraphs,
            (status == PortingStatus.InformationNeeded ? T("Answer in the portal") : T("Open the request"), requestUrl),
            status == PortingStatus.InformationNeeded ? [T("Answer on the request's page: replies to this email do not reach us.")] : []);
    }

    private static string PortDay(DateOnly? day, bool withWeekday) => day is not { } d ? "—"
        : PortalCultures.IsChinese ? d.ToString(withWeekday ? "yyyy年M月d日 dddd" : "yyyy年M月d日", System.Globalization.CultureInfo.CurrentCulture)
        : d.ToString(withWeekday ? "dddd d MMMM yyyy" : "d MMMM yyyy", System.Globalization.CultureInfo.CurrentCulture);
}
