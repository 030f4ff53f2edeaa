using System.Net;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Trials;

namespace UcPortal.Tests.Trials;

/// <summary>From a confirmed email to a working trial, and the rules that keep provisioning safe:
/// nothing before confirmation, idempotent runs, no number given twice.</summary>
public abstract class TrialProvisioningTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task Provisioning_BeforeTheEmailIsConfirmed_DoesNothing()
    {
        using var browser = portal.CreateBrowser();
        var form = TrialJourney.ValidForm();
        await TrialJourney.SubmitAsync(browser, form);
        var signup = await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Email == form["Form.Email"]));

        await TrialJourney.ProvisionAsync(portal, signup.Id);

        Assert.False(await portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signup.Id)));
        Assert.Equal(TrialSignupStatus.AwaitingConfirmation, (await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Id == signup.Id))).Status);
        // Nor can the prospect log in before confirming.
        var login = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", form["Form.Email"]), new("Password", TrialJourney.Password)]);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Confirm your email address first", await login.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConfirmingTheEmailAndTheMobileCode_EnqueuesProvisioning_AndSignsTheProspectIn()
    {
        using var browser = portal.CreateBrowser();
        var enqueuedBefore = EnqueuedJobs();

        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser);

        Assert.Equal(TrialSignupStatus.Provisioning, signup.Status);
        Assert.NotNull(signup.ConfirmedAtUtc);
        Assert.True(EnqueuedJobs() > enqueuedBefore, "no provisioning job was enqueued");
        var dashboard = await browser.GetPageAsync("/dashboard");
        Assert.Contains("Setting up your trial", dashboard);
        Assert.Contains("hx-get=\"/dashboard/progress\"", dashboard);
    }

    [Fact]
    public async Task Provisioning_CreatesTheTenantExtensionsAndNumber_AndTheDashboardShowsThem()
    {
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser);

        await TrialJourney.ProvisionAsync(portal, signup.Id);

        var tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().Include(t => t.Extensions).Include(t => t.Numbers).Include(t => t.Plan).SingleAsync(t => t.Id == signup.Id));
        Assert.Equal(TenantStatus.Trial, tenant.Status);
        Assert.Equal("trial", tenant.Plan!.Code);
        Assert.Matches(@"^analytical-engines-\d+-[a-z2-9]{4}\.sip\.ucportal\.test$", tenant.SipDomain);
        Assert.Equal(["100", "101", "102"], tenant.Extensions.Select(e => e.Number).Order());
        Assert.Equal(60 * 60, tenant.TrialCreditSeconds);
        Assert.Equal(2, tenant.MaxConcurrentCalls);
        Assert.False(tenant.InternationalCallsAllowed);
        Assert.InRange((tenant.TrialExpiresAtUtc!.Value - tenant.CreatedAtUtc).TotalDays, 13.99, 14.01);
        var number = Assert.Single(tenant.Numbers);
        Assert.Equal(("US", "New York", NumberPool.Trial, NumberStatus.Assigned), (number.Country, number.City, number.Pool, number.Status));

        await using (var scope = portal.Scope())
        {
            var protector = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>();
            foreach (var ext in tenant.Extensions)
            {
                var password = protector.Unprotect(ext.SipPasswordProtected);
                Assert.Equal(20, password.Length);
                Assert.Equal(SipCredentialFactory.Ha1(ext.SipUsername, tenant.SipDomain, password), ext.Ha1);
            }
        }
        Assert.Equal(3, tenant.Extensions.Select(e => e.Ha1).Distinct().Count());

        // The new tenant is queued for the SIP core like any configuration change.
        var change = await portal.WithDbAsync(db => db.ConfigChanges.AsNoTracking().SingleAsync(c => c.TenantId == tenant.Id));
        Assert.StartsWith("Trial set up", change.Description);
        var sync = await portal.WithDbAsync(db => db.TenantSyncStates.AsNoTracking().SingleAsync(s => s.TenantId == tenant.Id));
        Assert.Equal((1L, 0L), (sync.DesiredVersion, sync.AppliedVersion));

        var ready = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.TenantId == tenant.Id && e.Template == "trial-ready"));
        Assert.Contains(tenant.SipDomain, ready.TextBody);
        Assert.Contains(UcPortal.Web.Features.Numbers.PhoneDisplay.Format(number.E164), ready.HtmlBody);

        var dashboard = WebUtility.HtmlDecode(await browser.GetPageAsync("/dashboard"));
        Assert.Contains(tenant.SipDomain, dashboard);
        Assert.Contains(number.E164, dashboard);
        Assert.Contains("data-extension=\"102\"", dashboard);
    }

    [Fact]
    public async Task TheTrialReadyEmail_NeverContainsASipPassword()
    {
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser);
        await TrialJourney.ProvisionAsync(portal, signup.Id);

        var email = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.TenantId == signup.Id && e.Template == "trial-ready"));
        await using var scope = portal.Scope();
        var protector = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>();
        var extensions = await portal.WithDbAsync(db => db.Extensions.AsNoTracking().Where(e => e.TenantId == signup.Id).ToListAsync());
        foreach (var password in extensions.Select(e => protector.Unprotect(e.SipPasswordProtected)))
        {
            Assert.DoesNotContain(password, email.HtmlBody);
            Assert.DoesNotContain(password, email.TextBody);
        }
    }

    [Fact]
    public async Task Provisioning_RunTwice_LeavesOneTenantThreeExtensionsOneNumberAndOneEmail()
    {
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser);

        await TrialJourney.ProvisionAsync(portal, signup.Id);
        var before = await SnapshotAsync(signup.Id);
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        // A retry that finds the signup mid-way (status reset by hand) must not add anything either.
        await portal.WithDbAsync(db => db.TrialSignups.Where(s => s.Id == signup.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TrialSignupStatus.Provisioning)));
        await TrialJourney.ProvisionAsync(portal, signup.Id);

        var after = await SnapshotAsync(signup.Id);
        Assert.Equal(before, after);
        Assert.Equal((1, 3, 1, 1), (after.Tenants, after.Extensions, after.Numbers, after.Emails));
    }

    [Fact]
    public async Task RevealPassword_ForTheOwnersExtension_ShowsIt_ButAnotherTenantsExtensionIs404()
    {
        using var owner = portal.CreateBrowser();
        var mine = await TrialJourney.SignUpAndConfirmAsync(portal, owner);
        await TrialJourney.ProvisionAsync(portal, mine.Id);
        using var other = portal.CreateBrowser();
        var theirs = await TrialJourney.SignUpAndConfirmAsync(portal, other);
        await TrialJourney.ProvisionAsync(portal, theirs.Id);
        var myExtension = await portal.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == mine.Id && e.Number == "100"));
        var theirExtension = await portal.WithDbAsync(db => db.Extensions.AsNoTracking().SingleAsync(e => e.TenantId == theirs.Id && e.Number == "100"));

        var shown = await owner.PostWithTokenAsync("/dashboard", $"/dashboard/extensions/{myExtension.Id}/password");
        var refused = await owner.PostWithTokenAsync("/dashboard", $"/dashboard/extensions/{theirExtension.Id}/password");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        await using var scope = portal.Scope();
        var password = scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Unprotect(myExtension.SipPasswordProtected);
        Assert.Contains(password, await shown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task TwentyConcurrentProvisionings_AgainstTenPoolNumbers_GiveTenNumbersOnceAndTellTheOthers()
    {
        var city = "Concurrency " + Guid.NewGuid().ToString("N")[..6];
        var signupIds = await SeedConfirmedSignupsAsync(20, city, poolNumbers: 10);

        // PostgreSQL: all twenty have read the same available numbers before any tries to take one; only the
        // compare-and-set keeps a number from being given twice. (SQLite runs one provisioning's transaction
        // at a time, BEGIN IMMEDIATE, so there they cannot meet and the gate would only block.)
        var meet = portal.Provider == DatabaseProvider.Postgres
            ? portal.Simultaneous.Commands(20, c => c.CommandText.StartsWith("UPDATE \"PhoneNumbers\"", StringComparison.Ordinal))
            : null;
        try
        {
            await Task.WhenAll(signupIds.Select(id => Task.Run(() => TrialJourney.ProvisionAsync(portal, id))));
        }
        finally
        {
            portal.Simultaneous.Clear();
        }
        Assert.Equal(20, meet?.Arrived ?? 20);

        var signups = await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().Where(s => signupIds.Contains(s.Id)).ToListAsync());
        Assert.Equal(10, signups.Count(s => s.Status == TrialSignupStatus.Provisioned));
        Assert.Equal(10, signups.Count(s => s.Status == TrialSignupStatus.NoNumberInArea));
        var numbers = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(n => n.City == city).ToListAsync());
        Assert.All(numbers, n => Assert.Equal(NumberStatus.Assigned, n.Status));
        Assert.Equal(10, numbers.Select(n => n.TenantId).Distinct().Count());
        var provisioned = signups.Where(s => s.Status == TrialSignupStatus.Provisioned).Select(s => s.Id).ToHashSet();
        Assert.All(numbers, n => Assert.Contains(n.TenantId!.Value, provisioned));
        // The unlucky ten have no tenant and no half-written rows; staff were told.
        var refused = signups.Where(s => s.Status == TrialSignupStatus.NoNumberInArea).Select(s => s.Id).ToList();
        Assert.False(await portal.WithDbAsync(db => db.Tenants.AnyAsync(t => refused.Contains(t.Id))));
        Assert.False(await portal.WithDbAsync(db => db.Extensions.AnyAsync(e => refused.Contains(e.TenantId))));
        Assert.True(await portal.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.Template == "staff-alert" && e.ToAddress == "ops@ucportal.test" && e.Subject.Contains(city))));
    }

    [Fact]
    public async Task AProspectToldTheAreaIsEmpty_SeesOtherAreas_AndGetsATrialAfterChoosingOne()
    {
        var city = "Emptyville " + Guid.NewGuid().ToString("N")[..6];
        using var browser = portal.CreateBrowser();
        // One number in the area when the prospect signs up; someone else takes it before they confirm.
        await SeedConfirmedSignupsAsync(0, city, poolNumbers: 1);
        var form = TrialJourney.ValidForm(area: $"GB|{city}");
        await TrialJourney.SubmitAsync(browser, form);
        await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.City == city).ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NumberStatus.Assigned)));
        var link = await TrialJourney.ConfirmationLinkAsync(portal, form["Form.Email"]);
        await browser.GetAsync(link);
        var signup = await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Email == form["Form.Email"]));
        await TrialJourney.EnterCodeAsync(browser, await TrialJourney.MobileCodeAsync(portal, signup.Id));

        await TrialJourney.ProvisionAsync(portal, signup.Id);

        var page = await browser.GetPageAsync("/dashboard");
        Assert.Contains("Choose another area for your number", page);
        Assert.Contains("value=\"US|Chicago\"", page);
        var chosen = await browser.PostWithTokenAsync("/dashboard", "/dashboard/choose-area", [new("area", "US|Chicago")]);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        var number = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().SingleAsync(n => n.TenantId == signup.Id));
        Assert.Equal("Chicago", number.City);
    }

    [Fact]
    public async Task RunAgainAfterANodeDiedBeforeQueueingTheFirstSync_QueuesThatSyncAgain()
    {
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser);
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        var syncsBefore = QueuedSyncs(signup.Id);

        // Hangfire hands the job to another node: the first run committed, its sync never ran.
        await TrialJourney.ProvisionAsync(portal, signup.Id);

        Assert.Equal(syncsBefore + 1, QueuedSyncs(signup.Id));
        // Once the SIP core has been tried, a repeated run queues nothing more.
        await portal.WithDbAsync(db => db.TenantSyncStates.Where(s => s.TenantId == signup.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastAttemptAtUtc, DateTime.UtcNow)));
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        Assert.Equal(syncsBefore + 1, QueuedSyncs(signup.Id));
    }

    private int QueuedSyncs(Guid tenantId) =>
        portal.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 100_000)
            .Count(j => j.Value.Job?.Type == typeof(UcPortal.Web.Features.Pbx.Sync.SipCoreSyncJob) && j.Value.Job.Args[0] is Guid id && id == tenantId);

    private long EnqueuedJobs()
    {
        var storage = portal.Services.GetRequiredService<JobStorage>();
        return storage.GetMonitoringApi().EnqueuedCount("default");
    }

    private async Task<(int Tenants, int Extensions, int Numbers, int Emails)> SnapshotAsync(Guid tenantId) =>
        await portal.WithDbAsync(async db => (
            await db.Tenants.CountAsync(t => t.Id == tenantId),
            await db.Extensions.CountAsync(e => e.TenantId == tenantId),
            await db.PhoneNumbers.CountAsync(n => n.TenantId == tenantId),
            await db.OutboxEmails.CountAsync(e => e.TenantId == tenantId)));

    /// <summary>Confirmed signups (as after the email link) all wanting a number in one new area with <paramref name="poolNumbers"/> numbers.</summary>
    private async Task<List<Guid>> SeedConfirmedSignupsAsync(int count, string city, int poolNumbers)
    {
        var ids = new List<Guid>();
        await using (var scope = portal.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var prefix = Random.Shared.Next(100_000, 999_999);
            for (var i = 0; i < poolNumbers; i++)
            {
                db.PhoneNumbers.Add(new PhoneNumber { E164 = $"+44113{prefix}{i:D2}", Country = "GB", Region = "Test", City = city, Type = NumberType.Local, Pool = NumberPool.Trial, Status = NumberStatus.Available });
            }
            for (var i = 0; i < count; i++)
            {
                var user = new PortalUser { Id = Guid.NewGuid().ToString(), UserName = $"c{i}-{prefix}@load.example.com", Email = $"c{i}-{prefix}@load.example.com", EmailConfirmed = true, FullName = "Load Test", CreatedAtUtc = DateTime.UtcNow };
                db.Users.Add(user);
                var signup = new TrialSignup
                {
                    Id = Guid.NewGuid(), UserId = user.Id, FullName = "Load Test", Company = $"Load {i}", Email = user.Email, NormalizedEmail = user.Email,
                    CompanyDomain = null, Country = "GB", MobileE164 = $"+4477{prefix}{i:D3}", RequestedCountry = "GB", RequestedCity = city,
                    Status = TrialSignupStatus.Provisioning, CreatedAtUtc = DateTime.UtcNow, ConfirmedAtUtc = DateTime.UtcNow,
                };
                db.TrialSignups.Add(signup);
                ids.Add(signup.Id);
            }
            await db.SaveChangesAsync();
        }
        return ids;
    }
}

public sealed class TrialProvisioningTestsOnSqlite(SqlitePortal portal) : TrialProvisioningTests<SqlitePortal>(portal);

public sealed class TrialProvisioningTestsOnPostgres(PostgresPortal portal) : TrialProvisioningTests<PostgresPortal>(portal);
