namespace UcPortal.Data.Configurations;

internal sealed class AutoAttendantConfiguration : IEntityTypeConfiguration<AutoAttendant>
{
    public void Configure(EntityTypeBuilder<AutoAttendant> b)
    {
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.PromptText).HasMaxLength(1000);
        b.Property(x => x.PromptFile).HasMaxLength(200);
        b.Property(x => x.Keys).HasMaxLength(2000);
        b.HasIndex(x => x.TenantId);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Destination(x => x.TimeoutDestination);
        b.Destination(x => x.InvalidDestination);
    }
}
