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
