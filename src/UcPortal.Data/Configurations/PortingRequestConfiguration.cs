namespace UcPortal.Data.Configurations;

internal sealed class PortingRequestConfiguration : IEntityTypeConfiguration<PortingRequest>
{
    public void Configure(EntityTypeBuilder<PortingRequest> b)
    {
        b.Property(x => x.E164).HasMaxLength(16);
        b.Property(x => x.OpenE164).HasMaxLength(16);
        // One open request per number, whoever asks (NULLs, the closed ones, do not collide).
        b.HasIndex(x => x.OpenE164).IsUnique();
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.CurrentProvider).HasMaxLength(PortingRequestLimits.Provider);
        b.Property(x => x.AccountNumber).HasMaxLength(PortingRequestLimits.AccountNumber);
        b.Property(x => x.AuthorisedName).HasMaxLength(PortingRequestLimits.AuthorisedName);
        b.Property(x => x.StaffQuestion).HasMaxLength(PortingRequestLimits.Text);
        b.Property(x => x.TenantAnswer).HasMaxLength(PortingRequestLimits.Text);
        b.Property(x => x.RejectionReason).HasMaxLength(PortingRequestLimits.Text);
        b.Property(x => x.LoaFileName).HasMaxLength(80);
        b.Property(x => x.LoaContentType).HasMaxLength(40);
        b.Property(x => x.LoaOriginalName).HasMaxLength(200);
        b.Property(x => x.SubmittedByUserId).HasMaxLength(450);
        b.Property(x => x.SubmittedByEmail).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Tenant).WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.PhoneNumber).WithMany().HasForeignKey(x => x.PhoneNumberId).OnDelete(DeleteBehavior.SetNull);
        // The tenant's list, and the staff queue (oldest first within a status).
        b.HasIndex(x => new { x.TenantId, x.CreatedAtUtc });
        b.HasIndex(x => new { x.Status, x.CreatedAtUtc });
    }
}
