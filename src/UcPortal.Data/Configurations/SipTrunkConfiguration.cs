namespace UcPortal.Data.Configurations;

internal sealed class SipTrunkConfiguration : IEntityTypeConfiguration<SipTrunk>
{
    public void Configure(EntityTypeBuilder<SipTrunk> b)
    {
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.Username).HasMaxLength(64);
        b.Property(x => x.PasswordProtected).HasMaxLength(1024);
        b.Property(x => x.Ha1).HasMaxLength(32);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.HasMany(x => x.Addresses).WithOne().HasForeignKey(a => a.SipTrunkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SipTrunkAddressConfiguration : IEntityTypeConfiguration<SipTrunkAddress>
{
    public void Configure(EntityTypeBuilder<SipTrunkAddress> b)
    {
        b.Property(x => x.IpAddress).HasMaxLength(45);
        // One source address identifies one trunk across all tenants.
        b.HasIndex(x => new { x.IpAddress, x.Port }).IsUnique();
    }
}
