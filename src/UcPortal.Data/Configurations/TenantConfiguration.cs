namespace UcPortal.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.SipDomain).HasMaxLength(253);
        b.HasIndex(x => x.SipDomain).IsUnique();
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.VerifiedMobileE164).HasMaxLength(16);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.HasOne(x => x.Plan).WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.Name);
        // The staff customer list pages newest first. (PostgreSQL also gets trigram and pattern indexes for
        // the search in the SearchIndexes migration: EF cannot describe them for both providers.)
        b.HasIndex(x => x.CreatedAtUtc);
        // The first-registration sweep looks only at tenants not seen registered yet.
        b.HasIndex(x => new { x.FirstRegistrationAtUtc, x.Status });
        // The lifecycle sweeps: each finds its tenants by state and the date its next step counts from.
        b.HasIndex(x => new { x.Status, x.TrialExpiresAtUtc });
        b.HasIndex(x => new { x.Status, x.SuspendedAtUtc });
        b.HasIndex(x => new { x.Status, x.ReleasedAtUtc });
        b.HasIndex(x => new { x.Status, x.PastDueSinceUtc });
        b.Property(x => x.BillingCustomerId).HasMaxLength(255);
        b.HasIndex(x => x.BillingCustomerId).IsUnique();
        b.Property(x => x.SubscriptionId).HasMaxLength(255);
        b.HasIndex(x => x.SubscriptionId).IsUnique();
        b.Property(x => x.SubscriptionStatus).HasMaxLength(32);
    }
}
