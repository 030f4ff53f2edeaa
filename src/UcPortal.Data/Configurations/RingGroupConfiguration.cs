namespace UcPortal.Data.Configurations;

internal sealed class RingGroupConfiguration : IEntityTypeConfiguration<RingGroup>
{
    public void Configure(EntityTypeBuilder<RingGroup> b)
    {
        b.Property(x => x.Number).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(80);
        b.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Destination(x => x.NoAnswerDestination);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.RingGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RingGroupMemberConfiguration : IEntityTypeConfiguration<RingGroupMember>
{
    public void Configure(EntityTypeBuilder<RingGroupMember> b)
    {
        b.HasKey(x => new { x.RingGroupId, x.ExtensionId });
        b.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
    }
}
