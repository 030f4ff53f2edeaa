namespace UcPortal.Data.Configurations;

internal sealed class FraudFlagConfiguration : IEntityTypeConfiguration<FraudFlag>
{
    public void Configure(EntityTypeBuilder<FraudFlag> b)
    {
        b.Property(x => x.Rule).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(300);
        b.Property(x => x.ClearedBy).HasMaxLength(256);
        b.Property(x => x.ClearNote).HasMaxLength(300);
        b.HasIndex(x => new { x.TenantId, x.ClearedAtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
