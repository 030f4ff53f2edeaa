namespace UcPortal.Data.Configurations;

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
