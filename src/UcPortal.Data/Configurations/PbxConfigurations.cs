using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UcPortal.Data.Entities;

namespace UcPortal.Data.Configurations;

internal static class DestinationColumns
{
    /// <summary>A destination as two columns, e.g. ForwardBusy_Kind and ForwardBusy_Target.</summary>
    public static void Destination<T>(this EntityTypeBuilder<T> b, System.Linq.Expressions.Expression<Func<T, CallDestination?>> property)
        where T : class =>
        b.OwnsOne(property!, d =>
        {
            d.Property(x => x.Kind).IsRequired();
            d.Property(x => x.Target).HasMaxLength(64).IsRequired();
        });
}

internal sealed class RingGroupConfiguration : IEntityTypeConfiguration<RingGroup>
{
    public void Configure(EntityTypeBuilder<RingGroup> b)
    {
        b.Property(x => x.Number).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(80);
        b.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Destination(x => x.NoAnswerDestination);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.RingGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RingGroupMemberConfiguration : IEntityTypeConfiguration<RingGroupMember>
{
    public void Configure(EntityTypeBuilder<RingGroupMember> b)
    {
        b.HasKey(x => new { x.RingGroupId, x.ExtensionId });
        b.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> b)
    {
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Ranges).WithOne().HasForeignKey(r => r.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Holidays).WithOne().HasForeignKey(h => h.ScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleHolidayConfiguration : IEntityTypeConfiguration<ScheduleHoliday>
{
    public void Configure(EntityTypeBuilder<ScheduleHoliday> b)
    {
        b.Property(x => x.Name).HasMaxLength(80);
        b.HasIndex(x => new { x.ScheduleId, x.Date }).IsUnique();
    }
}

internal sealed class NumberRouteConfiguration : IEntityTypeConfiguration<NumberRoute>
{
    public void Configure(EntityTypeBuilder<NumberRoute> b)
    {
        b.HasKey(x => x.PhoneNumberId);
        b.HasOne(x => x.PhoneNumber).WithOne().HasForeignKey<NumberRoute>(x => x.PhoneNumberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Schedule).WithMany().HasForeignKey(x => x.ScheduleId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TenantId);
        b.Destination(x => x.OpenDestination);
        b.Destination(x => x.ClosedDestination);
    }
}

internal sealed class SipTrunkConfiguration : IEntityTypeConfiguration<SipTrunk>
{
    public void Configure(EntityTypeBuilder<SipTrunk> b)
    {
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.Username).HasMaxLength(64);
        b.Property(x => x.PasswordProtected).HasMaxLength(1024);
        b.Property(x => x.Ha1).HasMaxLength(32);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.HasMany(x => x.Addresses).WithOne().HasForeignKey(a => a.SipTrunkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SipTrunkAddressConfiguration : IEntityTypeConfiguration<SipTrunkAddress>
{
    public void Configure(EntityTypeBuilder<SipTrunkAddress> b)
    {
        b.Property(x => x.IpAddress).HasMaxLength(45);
        // One source address identifies one trunk across all tenants.
        b.HasIndex(x => new { x.IpAddress, x.Port }).IsUnique();
    }
}

internal sealed class DeskPhoneConfiguration : IEntityTypeConfiguration<DeskPhone>
{
    public void Configure(EntityTypeBuilder<DeskPhone> b)
    {
        b.Property(x => x.MacAddress).HasMaxLength(12);
        b.HasIndex(x => x.MacAddress).IsUnique();
        b.Property(x => x.Model).HasMaxLength(40);
        b.Property(x => x.Label).HasMaxLength(80);
        b.Property(x => x.ProvisioningToken).HasMaxLength(64);
        b.HasIndex(x => x.ProvisioningToken).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.DeskPhoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeskPhoneLineConfiguration : IEntityTypeConfiguration<DeskPhoneLine>
{
    public void Configure(EntityTypeBuilder<DeskPhoneLine> b)
    {
        b.HasKey(x => new { x.DeskPhoneId, x.Line });
        b.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamInvitationConfiguration : IEntityTypeConfiguration<TeamInvitation>
{
    public void Configure(EntityTypeBuilder<TeamInvitation> b)
    {
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.Property(x => x.InvitedByUserId).HasMaxLength(450);
        b.HasIndex(x => new { x.TenantId, x.Email });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConfigChangeConfiguration : IEntityTypeConfiguration<ConfigChange>
{
    public void Configure(EntityTypeBuilder<ConfigChange> b)
    {
        b.Property(x => x.Description).HasMaxLength(300);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasIndex(x => new { x.TenantId, x.Version }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantSyncStateConfiguration : IEntityTypeConfiguration<TenantSyncState>
{
    public void Configure(EntityTypeBuilder<TenantSyncState> b)
    {
        b.HasKey(x => x.TenantId);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasOne<Tenant>().WithOne().HasForeignKey<TenantSyncState>(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Optimistic concurrency: a sync that started before a newer change cannot mark that change applied.
        b.Property(x => x.DesiredVersion).IsConcurrencyToken();
        b.HasIndex(x => x.Status);
    }
}

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.Property(x => x.CallId).HasMaxLength(255);
        b.Property(x => x.FromNumber).HasMaxLength(64);
        b.Property(x => x.ToNumber).HasMaxLength(64);
        b.Property(x => x.Disposition).HasMaxLength(32);
        b.HasIndex(x => x.SourceId).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.StartedAtUtc });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DialPlanNumberConfiguration : IEntityTypeConfiguration<DialPlanNumber>
{
    public void Configure(EntityTypeBuilder<DialPlanNumber> b)
    {
        // The key is the guarantee: one number, one owner, per tenant.
        b.HasKey(x => new { x.TenantId, x.Number });
        b.Property(x => x.Number).HasMaxLength(8);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Extension>().WithOne().HasForeignKey<DialPlanNumber>(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RingGroup>().WithOne().HasForeignKey<DialPlanNumber>(x => x.RingGroupId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_DialPlanNumbers_OneOwner", "(\"ExtensionId\" IS NULL) <> (\"RingGroupId\" IS NULL)"));
    }
}
