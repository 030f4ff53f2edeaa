using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UcPortal.Data.Entities;

namespace UcPortal.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> b)
    {
        b.Property(x => x.FullName).HasMaxLength(120);
        b.HasOne(x => x.Tenant).WithMany(t => t.Users).HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.SipDomain).HasMaxLength(253);
        b.HasIndex(x => x.SipDomain).IsUnique();
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.VerifiedMobileE164).HasMaxLength(16);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.HasOne(x => x.Plan).WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.Name);
        // The lifecycle sweeps: each finds its tenants by state and the date its next step counts from.
        b.HasIndex(x => new { x.Status, x.TrialExpiresAtUtc });
        b.HasIndex(x => new { x.Status, x.SuspendedAtUtc });
        b.HasIndex(x => new { x.Status, x.ReleasedAtUtc });
        b.HasIndex(x => new { x.Status, x.PastDueSinceUtc });
        b.Property(x => x.BillingCustomerId).HasMaxLength(255);
        b.HasIndex(x => x.BillingCustomerId).IsUnique();
        b.Property(x => x.SubscriptionId).HasMaxLength(255);
        b.HasIndex(x => x.SubscriptionId).IsUnique();
        b.Property(x => x.SubscriptionStatus).HasMaxLength(32);
    }
}

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
        b.Destination(x => x.ForwardAlways);
        b.Destination(x => x.ForwardBusy);
        b.Destination(x => x.ForwardNoAnswer);
        b.Destination(x => x.ForwardUnregistered);
    }
}

internal sealed class PhoneNumberConfiguration : IEntityTypeConfiguration<PhoneNumber>
{
    public void Configure(EntityTypeBuilder<PhoneNumber> b)
    {
        b.Property(x => x.E164).HasMaxLength(16);
        b.HasIndex(x => x.E164).IsUnique();
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Region).HasMaxLength(80);
        b.Property(x => x.City).HasMaxLength(80);
        b.HasIndex(x => new { x.Pool, x.Status, x.Country, x.City });
        // The quarantine-end sweep.
        b.HasIndex(x => new { x.Status, x.QuarantinedUntilUtc });
        b.HasOne(x => x.Tenant).WithMany(t => t.Numbers).HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.SetNull);
    }
}

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

internal sealed class TrialSignupConfiguration : IEntityTypeConfiguration<TrialSignup>
{
    public void Configure(EntityTypeBuilder<TrialSignup> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.FullName).HasMaxLength(120);
        b.Property(x => x.Company).HasMaxLength(120);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.NormalizedEmail).HasMaxLength(254);
        b.Property(x => x.CompanyDomain).HasMaxLength(253);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.MobileE164).HasMaxLength(16);
        b.Property(x => x.RequestedCountry).HasMaxLength(2);
        b.Property(x => x.RequestedCity).HasMaxLength(80);
        b.Property(x => x.SignupIp).HasMaxLength(64);
        b.Property(x => x.StatusDetail).HasMaxLength(500);
        // One trial per identity, enforced by the database even under concurrent signups.
        b.HasIndex(x => x.NormalizedEmail).IsUnique();
        b.HasIndex(x => x.MobileE164).IsUnique();
        b.HasIndex(x => x.CompanyDomain).IsUnique();
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => x.CreatedAtUtc);
    }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.Property(x => x.DedupKey).HasMaxLength(200);
        b.HasIndex(x => x.DedupKey).IsUnique();
        b.Property(x => x.Template).HasMaxLength(64);
        b.Property(x => x.ToAddress).HasMaxLength(254);
        b.Property(x => x.ToName).HasMaxLength(120);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasIndex(x => new { x.Status, x.CreatedAtUtc });
        b.HasIndex(x => x.CreatedAtUtc);
    }
}

internal sealed class HelpCategoryConfiguration : IEntityTypeConfiguration<HelpCategory>
{
    public void Configure(EntityTypeBuilder<HelpCategory> b)
    {
        b.Property(x => x.Slug).HasMaxLength(80);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(80);
    }
}

internal sealed class HelpArticleConfiguration : IEntityTypeConfiguration<HelpArticle>
{
    public void Configure(EntityTypeBuilder<HelpArticle> b)
    {
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Summary).HasMaxLength(400);
        b.Property(x => x.ShippedContentHash).HasMaxLength(64);
        b.HasOne(x => x.Category).WithMany(c => c.Articles).HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantEventConfiguration : IEntityTypeConfiguration<TenantEvent>
{
    public void Configure(EntityTypeBuilder<TenantEvent> b)
    {
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasIndex(x => new { x.TenantId, x.AtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
