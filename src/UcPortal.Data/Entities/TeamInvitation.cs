namespace UcPortal.Data.Entities;

/// <summary>An emailed invitation to join a tenant. Only the token's hash is stored.</summary>
public class TeamInvitation
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Email { get; set; } = "";
    public TenantRole Role { get; set; }
    public string TokenHash { get; set; } = "";
    public string InvitedByUserId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? AcceptedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }

    /// <summary>The language the invitation email was written in (the inviter's at the time); the new account starts with it.</summary>
    public string? Culture { get; set; }
}
