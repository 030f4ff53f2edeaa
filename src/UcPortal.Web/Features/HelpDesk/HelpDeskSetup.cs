namespace UcPortal.Web.Features.HelpDesk;

public sealed class HelpDeskOptions
{
    public const string Section = "HelpDesk";

    /// <summary>Tickets one customer account may open per hour: a real problem needs one or two, a
    /// script or a loop needs hundreds, and every ticket lands in front of a person.</summary>
    public int TicketsPerTenantPerHour { get; set; } = 5;
}

public static class HelpDeskSetup
{
    public static void AddHelpDesk(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<HelpDeskOptions>(builder.Configuration.GetSection(HelpDeskOptions.Section));
        builder.Services.AddScoped<CustomerTickets>();
        builder.Services.AddScoped<StaffTickets>();
    }
}
