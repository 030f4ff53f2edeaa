namespace UcPortal.Data.Configurations;

internal sealed class DeskPhoneConfiguration : IEntityTypeConfiguration<DeskPhone>
{
    public void Configure(EntityTypeBuilder<DeskPhone> b)
    {
        b.Property(x => x.MacAddress).HasMaxLength(12);
        b.HasIndex(x => x.MacAddress).IsUnique();
        b.Property(x => x.Model).HasMaxLength(40);
        b.Property(x => x.Label).HasMaxLength(80);
        b.Property(x => x.ProvisioningToken).HasMaxLength(64);
        b.HasIndex(x => x.ProvisioningToken).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.DeskPhoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeskPhoneLineConfiguration : IEntityTypeConfiguration<DeskPhoneLine>
{
    public void Configure(EntityTypeBuilder<DeskPhoneLine> b)
    {
        b.HasKey(x => new { x.DeskPhoneId, x.Line });
        b.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
    }
}
