namespace UcPortal.Data.Configurations;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.Property(x => x.Code).HasMaxLength(32);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Name).HasMaxLength(60);
        b.Property(x => x.Tagline).HasMaxLength(200);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.StripeProductId).HasMaxLength(255);
        b.Property(x => x.StripePriceId).HasMaxLength(255);
        b.Property(x => x.StripeExtraNumberPriceId).HasMaxLength(255);
    }
}
