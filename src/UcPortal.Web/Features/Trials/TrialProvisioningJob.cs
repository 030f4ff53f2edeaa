using Hangfire;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Plans;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Trials;

/// <summary>Turns a confirmed trial signup into a working tenant: SIP domain, extensions with
/// generated passwords, one trial number, credit, expiry and limits. Everything is written in one
/// transaction, and every step first checks whether it is already done, so a retry or a second
/// run leaves exactly one tenant, the configured extensions and one number.</summary>
public sealed class TrialProvisioningJob(
    PortalDbContext db,
    NumberInventory inventory,
    NumberHolds holds,
    SipCredentialFactory credentials,
    PortalUnitOfWork unitOfWork,
    EmailTemplates templates,
    StaffAlerts staffAlerts,
    PortalLinks links,
    IOptions<TrialOptions> trialOptions,
    IOptions<SipOptions> sipOptions,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    ILogger<TrialProvisioningJob> log)
{
    private const string Cause = "job:trial-provisioning";

    /// <summary>Hangfire's retries after the first run; the attribute below uses it.</summary>
    public const int Retries = 10;

    /// <summary>Runs in all: after the last one fails the signup is ProvisioningFailed and staff are alerted.</summary>
    public const int MaxAttempts = Retries + 1;

    [AutomaticRetry(Attempts = Retries)]
    public async Task RunAsync(Guid signupId, CancellationToken ct)
    {
        // Counted outside the attempt's transaction: a failed attempt rolls its work back but stays
        // counted, so the prospect sees "retrying (attempt N)" and the last one can alert staff.
        var counted = await db.TrialSignups.Where(s => s.Id == signupId && s.Status == TrialSignupStatus.Provisioning)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ProvisioningAttempts, x => x.ProvisioningAttempts + 1), ct);
        if (counted == 0)
        {
            // Unknown, not yet confirmed, already provisioned, failed for good, or waiting for the prospect to pick another area.
            await RequeueLostFirstSyncAsync(signupId, ct);
            return;
        }
        try
        {
            await ProvisionAsync(signupId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordFailureAsync(signupId, ex);
            throw;
        }
    }

    /// <summary>Signups waiting for provisioning whose job never ran (no attempt counted) two minutes
    /// after they were verified, confirmed or approved: a node died between committing the signup and
    /// queueing its job (jobs are queued after the commit). Queued again; a second run of a job that
    /// did exist does nothing.</summary>
    public async Task RequeueLostAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddMinutes(-2);
        var lost = await db.TrialSignups
            .Where(s => s.Status == TrialSignupStatus.Provisioning && s.ProvisioningAttempts == 0
                && (s.MobileVerifiedAtUtc ?? s.ReviewedAtUtc ?? s.ConfirmedAtUtc ?? s.CreatedAtUtc) < before)
            .Select(s => s.Id).Take(500).ToListAsync(ct);
        foreach (var id in lost)
        {
            jobs.Enqueue<TrialProvisioningJob>(j => j.RunAsync(id, CancellationToken.None));
        }
    }

    /// <summary>Already provisioned, but its first SIP core sync never ran: the node died between the
    /// commit and queueing that sync (the sync is queued after the commit), and Hangfire gave this job
    /// to another node. Queue the sync again (it is idempotent) rather than wait for the reconcile job.</summary>
    private async Task RequeueLostFirstSyncAsync(Guid signupId, CancellationToken ct)
    {
        var tenantId = await db.TrialSignups.Where(s => s.Id == signupId && s.Status == TrialSignupStatus.Provisioned)
            .Select(s => s.TenantId).SingleOrDefaultAsync(ct);
        if (tenantId is { } id && await db.TenantSyncStates.AnyAsync(s => s.TenantId == id && s.AppliedVersion < s.DesiredVersion && s.LastAttemptAtUtc == null, ct))
        {
            jobs.Enqueue<Pbx.Sync.SipCoreSyncJob>(j => j.RunAsync(id, CancellationToken.None));
        }
    }

    private async Task ProvisionAsync(Guid signupId, CancellationToken ct)
    {
        var signup = await db.TrialSignups.SingleAsync(s => s.Id == signupId, ct);
        var trial = trialOptions.Value;
        var now = clock.GetUtcNow().UtcDateTime;

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var plan = await db.Plans.SingleAsync(p => p.Code == PlanCatalogSeeder.TrialCode, ct);
            var tenant = await db.Tenants.Include(t => t.Extensions).SingleOrDefaultAsync(t => t.Id == signup.Id, ct);
            if (tenant is null)
            {
                tenant = new Tenant
                {
                    Id = signup.Id,
                    Name = signup.Company,
                    SipDomain = SipDomainNames.NewDomain(signup.Company, sipOptions.Value.BaseDomain),
                    Status = TenantStatus.Trial,
                    PlanId = plan.Id,
                    Country = signup.Country,
                    TimeZone = CountryTimeZones.Default(signup.RequestedCountry),
                    VerifiedMobileE164 = signup.MobileE164,
                    CreatedAtUtc = now,
                    TrialExpiresAtUtc = now.AddDays(trial.Days),
                    // The plan gives one kind of credit: money (used by the rated cost of calls) or minutes.
                    TrialCreditCents = Math.Max(0, plan.TrialCreditCents),
                    TrialCreditSeconds = plan.TrialCreditCents > 0 ? 0 : trial.CreditMinutes * 60,
                    MaxConcurrentCalls = trial.MaxConcurrentCalls,
                    InternationalCallsAllowed = false,
                };
                db.Tenants.Add(tenant);
            }

            for (var i = 0; i < trial.Extensions; i++)
            {
                var number = (trial.FirstExtension + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (tenant.Extensions.Any(e => e.Number == number))
                {
                    continue;
                }
                var password = SipCredentialFactory.NewPassword();
                tenant.Extensions.Add(new Extension
                {
                    Id = Guid.NewGuid(),
                    Number = number,
                    Name = i == 0 ? signup.FullName : $"Extension {number}",
                    SipUsername = number,
                    SipPasswordProtected = credentials.Protect(password),
                    Ha1 = SipCredentialFactory.Ha1(number, tenant.SipDomain, password),
                    CreatedAtUtc = now,
                });
            }
            // The tenant row must exist before a number can point at it.
            await db.SaveChangesAsync(ct);

            var trialNumber = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(n => n.TenantId == tenant.Id && n.Pool == NumberPool.Trial, ct)
                // The number the prospect chose at signup, while its hold lasts (decision 032); else any of the area.
                ?? await holds.TakeHeldAsync(NumberHolders.Signup(signup.Id), tenant.Id, NumberPool.Trial, ct)
                ?? await inventory.ReserveTrialNumberAsync(tenant.Id, signup.RequestedCountry, signup.RequestedCity, ct);
            if (trialNumber is null)
            {
                // Nothing of this attempt is kept: the prospect picks another area and we start again.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                await MarkNoNumberInAreaAsync(signup.Id, ct);
                return;
            }

            var user = await db.Users.SingleAsync(u => u.Id == signup.UserId, ct);
            user.TenantId = tenant.Id;
            user.TenantRole = TenantRole.Owner;
            signup.Status = TrialSignupStatus.Provisioned;
            signup.StatusDetail = null;
            signup.TenantId = tenant.Id;
            signup.ProvisionedAtUtc = now;
            unitOfWork.AddEvent(tenant.Id, "signup", $"Trial requested by {signup.Email} from {signup.SignupIp}", signup.Email, signup.CreatedAtUtc);
            unitOfWork.AddEvent(tenant.Id, "email-confirmed", "Email address confirmed", signup.Email, signup.ConfirmedAtUtc ?? now);
            if (signup.MobileVerifiedAtUtc is { } verifiedAt)
            {
                unitOfWork.AddEvent(tenant.Id, "mobile-verified", $"Mobile {signup.MobileE164} verified by SMS code", signup.Email, verifiedAt);
            }
            if (signup.ReviewReasons is not null)
            {
                unitOfWork.AddEvent(tenant.Id, "review", $"Sent to staff review: {signup.ReviewReasons.Replace("\n", "; ")}", "signup-risk-rules", signup.MobileVerifiedAtUtc ?? now);
            }
            if (signup.ReviewedBy is not null)
            {
                unitOfWork.AddEvent(tenant.Id, "review", $"Trial approved after review: {signup.ReviewNote}", signup.ReviewedBy, signup.ReviewedAtUtc ?? now);
            }
            unitOfWork.AddEvent(tenant.Id, "provisioned", $"Trial provisioned: {tenant.SipDomain}, {trial.Extensions} extensions, number {trialNumber.E164}", Cause, now);

            var culture = await db.Users.Where(u => u.Id == signup.UserId).Select(u => u.Culture).FirstOrDefaultAsync(ct);
            var ready = templates.In(culture, t => t.TrialReady(new TrialReadyDetails(
                signup.FullName, signup.Company, tenant.SipDomain, sipOptions.Value.ProxyHost,
                tenant.Extensions.OrderBy(e => e.Number).Select(e => new TrialReadyExtension(e.Number, e.SipUsername)).ToList(),
                PhoneDisplay.Format(trialNumber.E164), TrialCredit.Offer(plan, tenant.TrialCreditSeconds / 60, t.Text), tenant.TrialExpiresAtUtc!.Value)));
            await unitOfWork.EmailAsync(ready, signup.Email, signup.FullName, $"trial-ready:{tenant.Id}", tenant.Id, ct);
            // The SIP core learns about the new domain, extensions and number like any other change.
            unitOfWork.RecordPbxChange(tenant.Id, $"Trial set up: {trial.Extensions} extensions, number {trialNumber.E164}", Cause);
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Trial {SignupId} provisioned", signupId);
    }

    /// <summary>Notes the failed attempt on the signup (the prospect's page shows it); after the last
    /// attempt the signup is ProvisioningFailed, staff are alerted once, and staff retry it from the
    /// tenant page (RetryTrialProvisioning).</summary>
    private async Task RecordFailureAsync(Guid signupId, Exception ex)
    {
        db.ChangeTracker.Clear();
        unitOfWork.Discard();
        var signup = await db.TrialSignups.SingleAsync(s => s.Id == signupId, CancellationToken.None);
        var attempts = signup.ProvisioningAttempts;
        log.LogWarning(ex, "Trial {SignupId}: provisioning attempt {Attempt} of {Max} failed", signupId, attempts, MaxAttempts);
        if (attempts < MaxAttempts)
        {
            signup.StatusDetail = $"Attempt {attempts} of {MaxAttempts} failed ({ex.GetType().Name}); retrying automatically";
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }
        signup.Status = TrialSignupStatus.ProvisioningFailed;
        signup.StatusDetail = $"Setup failed after {attempts} attempts ({ex.GetType().Name}: {Clip(ex.Message, 200)})";
        await staffAlerts.AddAsync(
            $"trial-provisioning-failed:{signupId}:{clock.GetUtcNow():yyyyMMddHHmmss}",
            $"Trial setup failed for {signup.Company}",
            $"The trial of {signup.Company} could not be set up after {attempts} attempts, and automatic retries have stopped. The prospect is told that our team is on it. Check the error, then retry it from the customer's page.",
            [("Company", signup.Company), ("Email", signup.Email), ("Last error", Clip(ex.Message, 300))],
            links.To($"/admin/tenants/{signupId}"), CancellationToken.None);
        await unitOfWork.CommitAsync(CancellationToken.None);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    private async Task MarkNoNumberInAreaAsync(Guid signupId, CancellationToken ct)
    {
        var signup = await db.TrialSignups.SingleAsync(s => s.Id == signupId, ct);
        signup.Status = TrialSignupStatus.NoNumberInArea;
        signup.StatusDetail = $"No trial numbers left in {signup.RequestedCity}";
        var alertStaff = !signup.StaffAlertedNoNumbers;
        signup.StaffAlertedNoNumbers = true;
        await db.SaveChangesAsync(ct);
        log.LogWarning("Trial {SignupId}: no trial number left in {City}", signupId, signup.RequestedCity);
        if (!alertStaff)
        {
            return;
        }

        // One alert per area and hour, however many prospects hit the empty pool at once.
        var dedupKey = $"trial-pool-empty:{signup.RequestedCountry}:{signup.RequestedCity}:{clock.GetUtcNow():yyyyMMddHH}";
        await staffAlerts.AddAsync(
            dedupKey,
            $"Trial pool empty in {signup.RequestedCity}",
            $"A prospect asked for a trial number in {signup.RequestedCity} ({signup.RequestedCountry}) but the trial pool there is empty. They were asked to choose another area. Add numbers to the trial pool.",
            [("Company", signup.Company), ("Email", signup.Email), ("Area", $"{signup.RequestedCity}, {signup.RequestedCountry}")],
            links.To("/admin"), ct);
        try
        {
            await unitOfWork.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.OutboxEmails.AsNoTracking().AnyAsync(e => e.DedupKey != null && e.DedupKey.StartsWith(dedupKey), CancellationToken.None))
            {
                // A concurrent provisioning stored the same alert first: staff hear about it once.
                return;
            }
            throw;
        }
    }
}
