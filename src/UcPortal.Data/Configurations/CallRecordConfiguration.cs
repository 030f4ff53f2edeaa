namespace UcPortal.Data.Configurations;

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.Property(x => x.CallId).HasMaxLength(255);
        b.Property(x => x.FromNumber).HasMaxLength(64);
        b.Property(x => x.ToNumber).HasMaxLength(64);
        b.Property(x => x.Disposition).HasMaxLength(32);
        b.Property(x => x.RatePrefix).HasMaxLength(15);
        b.HasIndex(x => x.SourceId).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.StartedAtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
