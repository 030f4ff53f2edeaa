namespace UcPortal.Data.Configurations;

internal sealed class SupportTicketConfiguration : IEntityTypeConfiguration<SupportTicket>
{
    public void Configure(EntityTypeBuilder<SupportTicket> b)
    {
        b.Property(x => x.OpenedByUserId).HasMaxLength(450);
        b.Property(x => x.Subject).HasMaxLength(SupportTicketLimits.Subject);
        b.Property(x => x.AssignedToUserId).HasMaxLength(450);
        b.Property(x => x.AssignedToEmail).HasMaxLength(256);
        b.HasOne(x => x.Tenant).WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        // The customer's list, the queue by status, and the rate limit on opening tickets.
        b.HasIndex(x => new { x.TenantId, x.CreatedAtUtc });
        b.HasIndex(x => new { x.Status, x.UpdatedAtUtc });
        b.HasIndex(x => new { x.AssignedToUserId, x.Status });
    }
}

internal sealed class SupportTicketMessageConfiguration : IEntityTypeConfiguration<SupportTicketMessage>
{
    public void Configure(EntityTypeBuilder<SupportTicketMessage> b)
    {
        b.Property(x => x.AuthorUserId).HasMaxLength(450);
        b.Property(x => x.AuthorName).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(SupportTicketLimits.Message);
        b.HasIndex(x => new { x.TicketId, x.AtUtc });
    }
}
