namespace UcPortal.Data.Configurations;

internal sealed class TenantEventConfiguration : IEntityTypeConfiguration<TenantEvent>
{
    public void Configure(EntityTypeBuilder<TenantEvent> b)
    {
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasIndex(x => new { x.TenantId, x.AtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
