namespace UcPortal.Data.Configurations;

internal sealed class ConfigChangeConfiguration : IEntityTypeConfiguration<ConfigChange>
{
    public void Configure(EntityTypeBuilder<ConfigChange> b)
    {
        b.Property(x => x.Description).HasMaxLength(300);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasIndex(x => new { x.TenantId, x.Version }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantSyncStateConfiguration : IEntityTypeConfiguration<TenantSyncState>
{
    public void Configure(EntityTypeBuilder<TenantSyncState> b)
    {
        b.HasKey(x => x.TenantId);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasOne<Tenant>().WithOne().HasForeignKey<TenantSyncState>(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Optimistic concurrency: a sync that started before a newer change cannot mark that change applied.
        b.Property(x => x.DesiredVersion).IsConcurrencyToken();
        b.HasIndex(x => x.Status);
    }
}
