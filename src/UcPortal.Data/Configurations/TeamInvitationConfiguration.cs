namespace UcPortal.Data.Configurations;

internal sealed class TeamInvitationConfiguration : IEntityTypeConfiguration<TeamInvitation>
{
    public void Configure(EntityTypeBuilder<TeamInvitation> b)
    {
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.Property(x => x.InvitedByUserId).HasMaxLength(450);
        b.Property(x => x.Culture).HasMaxLength(10);
        b.HasIndex(x => new { x.TenantId, x.Email });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
