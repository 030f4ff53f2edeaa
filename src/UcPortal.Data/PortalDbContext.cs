using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

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
    public DbSet<TrialFollowUp> TrialFollowUps => Set<TrialFollowUp>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<OutboxSms> OutboxSms => Set<OutboxSms>();
    public DbSet<HelpCategory> HelpCategories => Set<HelpCategory>();
    public DbSet<HelpArticle> HelpArticles => Set<HelpArticle>();
    public DbSet<HelpArticleTranslation> HelpArticleTranslations => Set<HelpArticleTranslation>();
    public DbSet<SupportTicket> SupportTickets => Set<SupportTicket>();
    public DbSet<SupportTicketMessage> SupportTicketMessages => Set<SupportTicketMessage>();
    public DbSet<TenantEvent> TenantEvents => Set<TenantEvent>();
    public DbSet<FraudFlag> FraudFlags => Set<FraudFlag>();
    public DbSet<RingGroup> RingGroups => Set<RingGroup>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<NumberRoute> NumberRoutes => Set<NumberRoute>();
    public DbSet<SipTrunk> SipTrunks => Set<SipTrunk>();
    public DbSet<DeskPhone> DeskPhones => Set<DeskPhone>();
    public DbSet<TeamInvitation> TeamInvitations => Set<TeamInvitation>();
    public DbSet<ConfigChange> ConfigChanges => Set<ConfigChange>();
    public DbSet<TenantSyncState> TenantSyncStates => Set<TenantSyncState>();
    public DbSet<CallRecord> CallRecords => Set<CallRecord>();
    public DbSet<CallRate> CallRates => Set<CallRate>();
    public DbSet<BillingEvent> BillingEvents => Set<BillingEvent>();
    public DbSet<BillingInvoice> BillingInvoices => Set<BillingInvoice>();
    public DbSet<BillingCheckout> BillingCheckouts => Set<BillingCheckout>();
    public DbSet<TestModeSubscription> TestModeSubscriptions => Set<TestModeSubscription>();
    public DbSet<DialPlanNumber> DialPlanNumbers => Set<DialPlanNumber>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<VoicemailMessage> VoicemailMessages => Set<VoicemailMessage>();
    public DbSet<AutoAttendant> AutoAttendants => Set<AutoAttendant>();
    public DbSet<ComparisonLead> ComparisonLeads => Set<ComparisonLead>();
    public DbSet<ComparisonRate> ComparisonRates => Set<ComparisonRate>();
    public DbSet<PortingRequest> PortingRequests => Set<PortingRequest>();
    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        // Synchronous all the way: with async false nothing in it awaits.
        ClaimDialPlanNumbersAsync(async: false, default).GetAwaiter().GetResult();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await ClaimDialPlanNumbersAsync(async: true, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Stages a <see cref="DialPlanNumber"/> for every extension or ring group that this save
    /// adds or renumbers (releasing the old number), so the number is claimed in the same transaction
    /// as its owner. Deleting an owner needs nothing here: its number goes with it (cascade).</summary>
    private async Task ClaimDialPlanNumbersAsync(bool async, CancellationToken ct)
    {
        var owners = ChangeTracker.Entries()
            .Where(e => e.Entity is Extension or RingGroup && e.State is EntityState.Added or EntityState.Modified)
            .ToList();
        foreach (var entry in owners)
        {
            var number = entry.Property(nameof(Extension.Number));
            if (entry.State == EntityState.Modified && Equals(number.OriginalValue, number.CurrentValue))
            {
                continue;
            }
            var claim = entry.Entity switch
            {
                Extension x => new DialPlanNumber { TenantId = x.TenantId, Number = x.Number, ExtensionId = x.Id },
                RingGroup x => new DialPlanNumber { TenantId = x.TenantId, Number = x.Number, RingGroupId = x.Id },
                _ => throw new UnreachableException(),
            };
            if (DialPlanNumbers.Local.Any(d => d.Number == claim.Number && claim.OwnedBy(d)))
            {
                // Staged already, by an earlier attempt of this same save.
                continue;
            }
            if (entry.State == EntityState.Modified)
            {
                var old = DialPlanNumbers.Local.FirstOrDefault(claim.OwnedBy)
                    ?? (async
                        ? await DialPlanNumbers.FirstOrDefaultAsync(claim.OwnedByQuery(), ct)
                        : DialPlanNumbers.FirstOrDefault(claim.OwnedByQuery()));
                if (old is not null)
                {
                    DialPlanNumbers.Remove(old);
                }
            }
            DialPlanNumbers.Add(claim);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe to reorder.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
