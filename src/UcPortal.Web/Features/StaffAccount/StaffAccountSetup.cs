namespace UcPortal.Web.Features.StaffAccount;

/// <summary>Staff accounts: the second factor every staff member must have (enrolment, recovery
/// codes, reset), invitations by an Admin, role changes and removal. The staff pages are in
/// Areas/Admin (StaffController, AuditController); the audit log is written by Shared's StaffAudit.</summary>
public static class StaffAccountSetup
{
    /// <summary>Identity's link tokens live this long (AccountSetup sets it for every token).</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(2);

    public static void AddStaffAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TwoFactorEnrolment>();
        builder.Services.AddScoped<InviteStaff>();
        builder.Services.AddScoped<AcceptStaffInvitation>();
        builder.Services.AddScoped<ManageStaff>();
        builder.Services.AddScoped<StaffPages>();
    }
}
