using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;

namespace UcPortal.Data;

/// <summary>The portal's one database: Identity, tenants and their PBX, inventory, outbox, help
/// centre, and the Data Protection key ring (so cookies and encrypted secrets survive restarts
/// and are shared by every portal node).</summary>
public class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Extension> Extensions => Set<Extension>();
    public DbSet<PhoneNumber> PhoneNumbers => Set<PhoneNumber>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<TrialSignup> TrialSignups => Set<TrialSignup>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<HelpCategory> HelpCategories => Set<HelpCategory>();
    public DbSet<HelpArticle> HelpArticles => Set<HelpArticle>();
    public DbSet<TenantEvent> TenantEvents => Set<TenantEvent>();
    public DbSet<RingGroup> RingGroups => Set<RingGroup>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<NumberRoute> NumberRoutes => Set<NumberRoute>();
    public DbSet<SipTrunk> SipTrunks => Set<SipTrunk>();
    public DbSet<DeskPhone> DeskPhones => Set<DeskPhone>();
    public DbSet<TeamInvitation> TeamInvitations => Set<TeamInvitation>();
    public DbSet<ConfigChange> ConfigChanges => Set<ConfigChange>();
    public DbSet<TenantSyncState> TenantSyncStates => Set<TenantSyncState>();
    public DbSet<CallRecord> CallRecords => Set<CallRecord>();
    public DbSet<BillingEvent> BillingEvents => Set<BillingEvent>();
    public DbSet<BillingInvoice> BillingInvoices => Set<BillingInvoice>();
    public DbSet<BillingCheckout> BillingCheckouts => Set<BillingCheckout>();
    public DbSet<TestModeSubscription> TestModeSubscriptions => Set<TestModeSubscription>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe to reorder.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
