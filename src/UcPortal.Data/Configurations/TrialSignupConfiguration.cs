namespace UcPortal.Data.Configurations;

internal sealed class TrialSignupConfiguration : IEntityTypeConfiguration<TrialSignup>
{
    public void Configure(EntityTypeBuilder<TrialSignup> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.FullName).HasMaxLength(120);
        b.Property(x => x.Company).HasMaxLength(120);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.NormalizedEmail).HasMaxLength(254);
        b.Property(x => x.CompanyDomain).HasMaxLength(253);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.MobileE164).HasMaxLength(16);
        b.Property(x => x.RequestedCountry).HasMaxLength(2);
        b.Property(x => x.RequestedCity).HasMaxLength(80);
        b.Property(x => x.SignupIp).HasMaxLength(64);
        b.Property(x => x.StatusDetail).HasMaxLength(500);
        // Two staff reviewing, or a review and a provisioning run at once: one save wins, the other is refused.
        b.Property(x => x.Status).IsConcurrencyToken();
        b.Property(x => x.SignupNetwork).HasMaxLength(64);
        b.Property(x => x.RequestCountry).HasMaxLength(2);
        b.Property(x => x.MobileCodeHash).HasMaxLength(128);
        b.Property(x => x.ReviewReasons).HasMaxLength(1000);
        b.Property(x => x.ReviewedBy).HasMaxLength(254);
        b.Property(x => x.ReviewNote).HasMaxLength(500);
        // One trial per identity, enforced by the database even under concurrent signups.
        b.HasIndex(x => x.NormalizedEmail).IsUnique();
        b.HasIndex(x => x.MobileE164).IsUnique();
        b.HasIndex(x => x.CompanyDomain).IsUnique();
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => x.CreatedAtUtc);
        // The review rules count a day's signups per address and per network.
        b.HasIndex(x => new { x.SignupIp, x.CreatedAtUtc });
        b.HasIndex(x => new { x.SignupNetwork, x.CreatedAtUtc });
        b.HasIndex(x => x.Status);
    }
}
