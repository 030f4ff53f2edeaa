namespace UcPortal.Data.Configurations;

internal sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> b)
    {
        // Written with raw SQL (SharedRateLimitStore): the table and column names are part of that SQL.
        b.ToTable("RateLimitCounters");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(200);
        // The cleanup deletes the windows that ended.
        b.HasIndex(x => x.WindowEndsUnixMs);
    }
}
