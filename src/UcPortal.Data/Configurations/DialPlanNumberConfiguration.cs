namespace UcPortal.Data.Configurations;

internal sealed class DialPlanNumberConfiguration : IEntityTypeConfiguration<DialPlanNumber>
{
    public void Configure(EntityTypeBuilder<DialPlanNumber> b)
    {
        // The key is the guarantee: one number, one owner, per tenant.
        b.HasKey(x => new { x.TenantId, x.Number });
        b.Property(x => x.Number).HasMaxLength(8);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Extension>().WithOne().HasForeignKey<DialPlanNumber>(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RingGroup>().WithOne().HasForeignKey<DialPlanNumber>(x => x.RingGroupId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_DialPlanNumbers_OneOwner", "(\"ExtensionId\" IS NULL) <> (\"RingGroupId\" IS NULL)"));
    }
}
