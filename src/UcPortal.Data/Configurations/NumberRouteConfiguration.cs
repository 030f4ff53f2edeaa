namespace UcPortal.Data.Configurations;

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
        b.Destination(x => x.FailoverDestination);
    }
}
