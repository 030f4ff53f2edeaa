namespace UcPortal.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    /// <summary>The triggers the Staff migration creates; declared so EF saves without RETURNING on SQLite.</summary>
    public const string RefuseUpdate = "AuditEntries_refuse_update";
    public const string RefuseDelete = "AuditEntries_refuse_delete";

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries", t =>
        {
            t.HasTrigger(RefuseUpdate);
            t.HasTrigger(RefuseDelete);
        });
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.ActorUserId).HasMaxLength(450);
        b.Property(x => x.ActorIp).HasMaxLength(64);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.Target).HasMaxLength(256);
        b.Property(x => x.Detail).HasMaxLength(1000);
        b.HasIndex(x => x.AtUtc);
        b.HasIndex(x => new { x.Actor, x.AtUtc });
        b.HasIndex(x => new { x.TenantId, x.AtUtc });
        b.HasIndex(x => new { x.Action, x.AtUtc });
    }
}
