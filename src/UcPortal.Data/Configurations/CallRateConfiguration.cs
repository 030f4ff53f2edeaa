namespace UcPortal.Data.Configurations;

internal sealed class CallRateConfiguration : IEntityTypeConfiguration<CallRate>
{
    public void Configure(EntityTypeBuilder<CallRate> b)
    {
        b.Property(x => x.Prefix).HasMaxLength(15);
        b.Property(x => x.Description).HasMaxLength(100);
        b.HasIndex(x => x.Prefix).IsUnique();
    }
}
