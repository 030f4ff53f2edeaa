using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Email;

/// <summary>Operational alerts to staff by email: Portal:StaffAlertEmails, or every Admin when that is empty.</summary>
public sealed class StaffAlerts(PortalUnitOfWork unitOfWork, EmailTemplates templates, UserManager<PortalUser> users, IOptions<PortalOptions> portal, ILogger<StaffAlerts> log)
{
    /// <summary>Stages one alert per recipient in the caller's unit of work.</summary>
    public async Task AddAsync(string dedupKey, string subject, string summary, IReadOnlyList<(string, string)> facts, string? actionUrl, CancellationToken ct = default)
    {
        var recipients = portal.Value.StaffAlertEmails
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        if (recipients.Count == 0)
        {
            recipients = (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Select(u => u.Email!).Where(e => e is not null).ToList();
        }
        if (recipients.Count == 0)
        {
            log.LogWarning("Staff alert '{Subject}' has no recipient: set Portal:StaffAlertEmails or create an Admin.", subject);
            return;
        }
        var message = templates.StaffAlert(subject, summary, facts, actionUrl);
        foreach (var to in recipients.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await unitOfWork.EmailAsync(message, to, "UcPortal staff", $"{dedupKey}:{to.ToLowerInvariant()}", null, ct);
        }
    }
}
