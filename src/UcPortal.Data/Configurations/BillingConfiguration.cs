namespace UcPortal.Data.Configurations;

internal sealed class BillingEventConfiguration : IEntityTypeConfiguration<BillingEvent>
{
    public void Configure(EntityTypeBuilder<BillingEvent> b)
    {
        b.Property(x => x.EventId).HasMaxLength(255);
        b.HasIndex(x => x.EventId).IsUnique();
        b.Property(x => x.Provider).HasMaxLength(16);
        b.Property(x => x.Type).HasMaxLength(100);
        b.Property(x => x.ObjectId).HasMaxLength(255);
        b.Property(x => x.Outcome).HasMaxLength(500);
        b.HasIndex(x => new { x.TenantId, x.ReceivedAtUtc });
    }
}

internal sealed class BillingInvoiceConfiguration : IEntityTypeConfiguration<BillingInvoice>
{
    public void Configure(EntityTypeBuilder<BillingInvoice> b)
    {
        b.Property(x => x.ProviderInvoiceId).HasMaxLength(255);
        b.HasIndex(x => x.ProviderInvoiceId).IsUnique();
        b.Property(x => x.Number).HasMaxLength(64);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Status).HasMaxLength(32);
        b.Property(x => x.PdfUrl).HasMaxLength(1000);
        b.Property(x => x.HostedUrl).HasMaxLength(1000);
        b.HasIndex(x => new { x.TenantId, x.CreatedAtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillingCheckoutConfiguration : IEntityTypeConfiguration<BillingCheckout>
{
    public void Configure(EntityTypeBuilder<BillingCheckout> b)
    {
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        b.Property(x => x.ProviderSessionId).HasMaxLength(255);
        b.HasIndex(x => x.ProviderSessionId);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.FailureMessage).HasMaxLength(300);
        b.HasIndex(x => new { x.TenantId, x.CreatedAtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Plan).WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TestModeSubscriptionConfiguration : IEntityTypeConfiguration<TestModeSubscription>
{
    public void Configure(EntityTypeBuilder<TestModeSubscription> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.CustomerId).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(32);
        b.HasIndex(x => x.TenantId);
    }
}
