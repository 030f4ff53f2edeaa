namespace UcPortal.Data.Configurations;

internal sealed class ComparisonLeadConfiguration : IEntityTypeConfiguration<ComparisonLead>
{
    public void Configure(EntityTypeBuilder<ComparisonLead> b)
    {
        b.Property(x => x.FullName).HasMaxLength(120);
        b.Property(x => x.Company).HasMaxLength(120);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.NormalizedEmail).HasMaxLength(254);
        b.Property(x => x.ClientIp).HasMaxLength(64);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.ConfirmTokenHash).HasMaxLength(64);
        b.HasIndex(x => x.ConfirmTokenHash).IsUnique();
        b.HasIndex(x => new { x.NormalizedEmail, x.CreatedAtUtc });
        b.HasIndex(x => new { x.ClientIp, x.CreatedAtUtc });
        b.HasIndex(x => x.CreatedAtUtc);
    }
}

internal sealed class ComparisonRateConfiguration : IEntityTypeConfiguration<ComparisonRate>
{
    public void Configure(EntityTypeBuilder<ComparisonRate> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}
