namespace UcPortal.Data.Configurations;

internal sealed class TrialFollowUpConfiguration : IEntityTypeConfiguration<TrialFollowUp>
{
    public void Configure(EntityTypeBuilder<TrialFollowUp> b)
    {
        b.HasIndex(x => x.TenantId).IsUnique();
        b.HasOne(x => x.Tenant).WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.ReasonText).HasMaxLength(1000);
        b.Property(x => x.AssignedToUserId).HasMaxLength(450);
        b.Property(x => x.Notes).HasMaxLength(4000);
        // The staff list (open ones, due first) and the morning digest (an assignee's due ones).
        b.HasIndex(x => new { x.ClosedAtUtc, x.FollowUpOn });
        b.HasIndex(x => new { x.AssignedToUserId, x.ClosedAtUtc, x.FollowUpOn });
    }
}
