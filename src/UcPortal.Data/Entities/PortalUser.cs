using Microsoft.AspNetCore.Identity;

namespace UcPortal.Data.Entities;

/// <summary>A person who signs in: a customer (member of one tenant) or staff (roles Support/Admin).</summary>
public class PortalUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public Guid? TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public TenantRole? TenantRole { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The language the person chose ("en", "zh-CN"); null until they choose one. Pages and
    /// emails to them use it (decision 036).</summary>
    public string? Culture { get; set; }
}

public enum TenantRole
{
    Owner = 1,
    Admin = 2,
    Member = 3,
}

public static class StaffRoles
{
    public const string Support = "Support";
    public const string Admin = "Admin";
    public const string Any = Support + "," + Admin;
}
