namespace UcPortal.Data.Configurations;

internal sealed class ExtensionConfiguration : IEntityTypeConfiguration<Extension>
{
    public void Configure(EntityTypeBuilder<Extension> b)
    {
        b.Property(x => x.Number).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.SipUsername).HasMaxLength(64);
        b.Property(x => x.SipPasswordProtected).HasMaxLength(1024);
        b.Property(x => x.Ha1).HasMaxLength(32);
        b.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
        b.HasOne(x => x.Tenant).WithMany(t => t.Extensions).HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne(x => x.CallerIdNumber).WithMany().HasForeignKey(x => x.CallerIdNumberId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.VoicemailGreetingFile).HasMaxLength(100);
        b.Destination(x => x.ForwardAlways);
        b.Destination(x => x.ForwardBusy);
        b.Destination(x => x.ForwardNoAnswer);
        b.Destination(x => x.ForwardUnregistered);
    }
}
