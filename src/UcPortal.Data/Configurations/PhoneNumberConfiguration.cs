namespace UcPortal.Data.Configurations;

internal sealed class PhoneNumberConfiguration : IEntityTypeConfiguration<PhoneNumber>
{
    public void Configure(EntityTypeBuilder<PhoneNumber> b)
    {
        b.Property(x => x.E164).HasMaxLength(16);
        b.HasIndex(x => x.E164).IsUnique();
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Region).HasMaxLength(80);
        b.Property(x => x.City).HasMaxLength(80);
        b.Property(x => x.EmergencyAddress).HasMaxLength(255);
        b.HasIndex(x => new { x.Pool, x.Status, x.Country, x.City });
        // The staff inventory browser pages by E164 (keyset) within a city, or within a status and pool.
        b.HasIndex(x => new { x.Country, x.City, x.E164 });
        b.HasIndex(x => new { x.Status, x.Pool, x.E164 });
        // The quarantine-end sweep.
        b.HasIndex(x => new { x.Status, x.QuarantinedUntilUtc });
        // Number search (decision 032): "ends in" is a prefix of the reversed number; a holder finds its
        // hold; the hold cleanup finds expired holds.
        b.Property(x => x.E164Reversed).HasMaxLength(16);
        b.HasIndex(x => new { x.Country, x.E164Reversed });
        b.Property(x => x.HeldBy).HasMaxLength(64);
        b.HasIndex(x => x.HeldBy);
        b.HasIndex(x => x.HeldUntilUtc);
        b.HasOne(x => x.Tenant).WithMany(t => t.Numbers).HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.SetNull);
    }
}
