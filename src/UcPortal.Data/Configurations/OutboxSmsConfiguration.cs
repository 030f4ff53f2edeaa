namespace UcPortal.Data.Configurations;

internal sealed class OutboxSmsConfiguration : IEntityTypeConfiguration<OutboxSms>
{
    public void Configure(EntityTypeBuilder<OutboxSms> b)
    {
        b.ToTable("OutboxSms");
        b.Property(x => x.Template).HasMaxLength(64);
        b.Property(x => x.ToE164).HasMaxLength(16);
        b.Property(x => x.Body).HasMaxLength(480);
        b.Property(x => x.RedactedBody).HasMaxLength(480);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.Property(x => x.ProviderMessageId).HasMaxLength(64);
        b.HasIndex(x => new { x.TrialSignupId, x.CreatedAtUtc });
        b.HasIndex(x => x.CreatedAtUtc);
    }
}
