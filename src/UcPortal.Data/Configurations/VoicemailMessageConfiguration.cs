namespace UcPortal.Data.Configurations;

internal sealed class VoicemailMessageConfiguration : IEntityTypeConfiguration<VoicemailMessage>
{
    public void Configure(EntityTypeBuilder<VoicemailMessage> b)
    {
        b.Property(x => x.ExtensionNumber).HasMaxLength(8);
        b.Property(x => x.Caller).HasMaxLength(64);
        b.Property(x => x.CallerName).HasMaxLength(80);
        b.Property(x => x.FileName).HasMaxLength(100);
        b.Property(x => x.CallId).HasMaxLength(200);
        b.HasIndex(x => new { x.TenantId, x.ReceivedAtUtc });
        b.HasIndex(x => new { x.TenantId, x.CallId }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
