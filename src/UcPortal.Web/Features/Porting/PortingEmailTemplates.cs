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
            PortingStatus.InformationNeeded => ($"We need more information to port {number}", $"To port {number} to {Brand} we need more information from you:"),
            PortingStatus.DateSet => ($"{number} moves to {Brand} on {portDate:d MMMM yyyy}", $"The date for porting {number} is set: {portDate:dddd d MMMM yyyy}. Calls may be interrupted for a few minutes on that day while the number moves."),
            PortingStatus.Completed => ($"{number} is now on {Brand}", $"{number} has moved to {Brand}. It rings your first extension until you route it on the Numbers page."),
            PortingStatus.Rejected => ($"We could not port {number}", $"We could not port {number} to {Brand}. The reason:"),
            PortingStatus.Cancelled => ($"Your request to port {number} is cancelled", $"Your request to port {number} to {Brand} is cancelled."),
            _ => ($"Your request to port {number}", $"Your request to port {number} to {Brand} is {status}."),
        };
        var paragraphs = new List<string> { lead };
        if (!string.IsNullOrWhiteSpace(detail))
        {
            paragraphs.AddRange(detail.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return Compose(
            "porting-" + status.ToString().ToLowerInvariant(),
            $"[Port #{requestId}] {subject}",
            $"Hi {FirstName(fullName)},",
            paragraphs,
            (status == PortingStatus.InformationNeeded ? "Answer in the portal" : "Open the request", requestUrl),
            status == PortingStatus.InformationNeeded ? ["Answer on the request's page: replies to this email do not reach us."] : []);
    }
}
