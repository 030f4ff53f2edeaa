using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.CustomerSearch;

namespace UcPortal.Tests.Admin;

/// <summary>The staff customer search on /admin/tenants: each kind of query finds its tenant and not a
/// look-alike, phone numbers match in any format, results are paged, odd queries never give a 500.</summary>
public abstract partial class CustomerSearchTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    protected TPortal Portal => portal;

    public static TheoryData<string> Kinds => new() { "email", "name", "company", "sipdomain", "stripe" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EachKindOfSearch_FindsItsTenant_AndNotTheOthers(string kind)
    {
        var target = await SeedTenantAsync();
        var other = await SeedTenantAsync();
        using var staff = await StaffAsync();
        var query = kind switch
        {
            "email" => target.Email.ToUpperInvariant()[..^5], // a part of it, in other case
            "name" => target.FullName.Split(' ')[1].ToLowerInvariant(),
            "company" => target.Company.Split(' ')[1],
            "sipdomain" => target.SipDomain[..14],
            _ => target.BillingCustomerId,
        };

        var page = await staff.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString(query));

        Assert.Equal([target.Id], TenantIds(page));
        Assert.DoesNotContain(other.Id.ToString(), page);
        Assert.Contains($"href=\"/admin/tenants/{target.Id}\"", page);
    }

    [Theory]
    [InlineData("0113 496 0{0}")]
    [InlineData("+44 113 496 0{0}")]
    [InlineData("00441134960{0}")]
    public async Task APhoneNumber_InAnyFormat_FindsTheTenantOfTheNumber_AndTheOneWithThatSignupMobile(string format)
    {
        var suffix = Random.Shared.Next(100, 999).ToString();
        var e164 = "+441134960" + suffix;
        var withNumber = await SeedTenantAsync(number: e164);
        var withMobile = await SeedTenantAsync(mobile: e164);
        var other = await SeedTenantAsync(number: "+441134961" + suffix);
        using var staff = await StaffAsync();

        var page = await staff.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString(string.Format(format, suffix)));

        Assert.Equal(new HashSet<Guid> { withNumber.Id, withMobile.Id }, TenantIds(page).ToHashSet());
        Assert.DoesNotContain(other.Id.ToString(), page);
        Assert.Contains($"searched as <span class=\"mono\">{e164}</span>", WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task Results_ArePaged_WithTheCountAndNextAndPreviousLinks()
    {
        var marker = "Pagedco" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 53; i++)
        {
            await SeedTenantAsync(company: $"{marker} {i:00}", createdAtUtc: DateTime.UtcNow.AddMinutes(-i));
        }
        using var staff = await StaffAsync();

        var first = await staff.GetPageAsync("/admin/tenants?q=" + marker);
        var second = await staff.GetPageAsync($"/admin/tenants?q={marker}&page=2");

        Assert.Equal(50, TenantIds(first).Count);
        Assert.Equal(3, TenantIds(second).Count);
        Assert.Empty(TenantIds(first).Intersect(TenantIds(second)));
        Assert.Contains("1–50 of 53", first);
        Assert.Contains("51–53 of 53", second);
        Assert.Contains($"id=\"next-page\" href=\"/admin/tenants?q={marker}&amp;page=2\"", first);
        Assert.Contains($"id=\"previous-page\" href=\"/admin/tenants?q={marker}&amp;page=1\"", second);
        Assert.Contains("id=\"next-page\" href=\"#\"", second);
        // Newest first: the company created last is on the first page, the oldest on the second.
        Assert.Contains($"{marker} 00", first);
        Assert.Contains($"{marker} 52", second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("%")]
    [InlineData("_\\'\"<script>")]
    [InlineData("a")]
    [InlineData("123")]
    [InlineData("+")]
    [InlineData("0113 496")]
    public async Task OddQueries_AnswerThePage_NeverA500(string query)
    {
        await SeedTenantAsync();
        using var staff = await StaffAsync();

        var response = await staff.GetAsync("/admin/tenants?q=" + Uri.EscapeDataString(query) + "&page=999999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AVeryLongQuery_IsRefusedNextToTheField()
    {
        using var staff = await StaffAsync();

        var response = await staff.GetAsync("/admin/tenants?q=" + new string('x', 5000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"q-error\">A search is at most 100 characters", page);
        Assert.Empty(TenantIds(page));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("+")]
    [InlineData("ab")]
    public async Task AQueryOfOneOrTwoCharacters_AsksForThree(string query)
    {
        using var staff = await StaffAsync();

        var page = await staff.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString(query));

        Assert.Contains("id=\"q-error\">Type at least 3 characters.", page);
    }

    [Fact]
    public async Task APartialNationalNumber_AsksForTheWholeNumber()
    {
        using var staff = await StaffAsync();

        var page = await staff.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString("0113 496"));

        Assert.Contains("id=\"q-error\">Not a whole phone number", page);
    }

    [Fact]
    public async Task ACustomer_IsRefused_AndAnAnonymousVisitorSentToLogIn()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var anonymous = portal.CreateBrowser();

        var refused = await owner.Browser.GetAsync("/admin/tenants?q=" + Uri.EscapeDataString(owner.Email) + "&page=2");
        var login = await anonymous.GetAsync("/admin/tenants?q=x");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("http://localhost/account/access-denied", refused.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("http://localhost/account/login", login.Headers.Location!.ToString());
    }

    protected static List<Guid> TenantIds(string page) =>
        TenantRow().Matches(page).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    protected async Task<PortalBrowser> StaffAsync()
    {
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(await Staff.CreateAsync(portal, StaffRoles.Support), Staff.Password);
        return browser;
    }

    protected sealed record Seeded(Guid Id, string Email, string FullName, string Company, string SipDomain, string BillingCustomerId);

    /// <summary>A tenant with its owner written straight to the database: the search reads only these rows.</summary>
    protected async Task<Seeded> SeedTenantAsync(string? company = null, string? number = null, string? mobile = null, DateTime? createdAtUtc = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var seeded = new Seeded(Guid.NewGuid(), $"owner.{tag}@example-{tag}.test", $"Person Surname{tag}", company ?? $"Company Co{tag} Ltd",
            $"co{tag}x.pbx.ucportal.test", $"cus_{tag}Ab");
        await portal.WithDbAsync(async db =>
        {
            var tenant = new Tenant
            {
                Id = seeded.Id, Name = seeded.Company, SipDomain = seeded.SipDomain, Status = TenantStatus.Active,
                PlanId = await db.Plans.Select(p => p.Id).FirstAsync(), Country = "GB", VerifiedMobileE164 = mobile ?? "+447700900000",
                CreatedAtUtc = createdAtUtc ?? DateTime.UtcNow, BillingCustomerId = seeded.BillingCustomerId,
            };
            db.Tenants.Add(tenant);
            db.Users.Add(new PortalUser
            {
                UserName = seeded.Email, NormalizedUserName = seeded.Email.ToUpperInvariant(), Email = seeded.Email,
                NormalizedEmail = seeded.Email.ToUpperInvariant(), FullName = seeded.FullName, TenantId = seeded.Id,
                TenantRole = Data.Entities.TenantRole.Owner, CreatedAtUtc = DateTime.UtcNow, SecurityStamp = Guid.NewGuid().ToString(),
            });
            if (number is not null)
            {
                db.PhoneNumbers.Add(new PhoneNumber
                {
                    E164 = number, Country = "GB", Region = "Test", City = "Leeds", Type = NumberType.Local, Pool = NumberPool.Paid,
                    Status = NumberStatus.Assigned, TenantId = seeded.Id, AssignedAtUtc = DateTime.UtcNow,
                });
            }
            return await db.SaveChangesAsync();
        });
        return seeded;
    }

    [GeneratedRegex("<tr data-tenant=\"([0-9a-f-]{36})\"")]
    private static partial Regex TenantRow();
}

public sealed class CustomerSearchTestsOnSqlite(SqlitePortal portal) : CustomerSearchTests<SqlitePortal>(portal);

/// <summary>On PostgreSQL, also: every kind of search can be answered from an index. The plan is asked
/// with sequential and plain index scans discouraged, so it shows whether the conditions in the SQL EF
/// generates can use the search indexes (a small test table would otherwise be scanned whole);
/// bench/search measures the real plans on 100,000 tenants.</summary>
public sealed class CustomerSearchTestsOnPostgres(PostgresPortal portal) : CustomerSearchTests<PostgresPortal>(portal)
{
    [Theory]
    [InlineData("surname", "IX_Tenants_Name_trgm", "IX_AspNetUsers_FullName_trgm", "IX_AspNetUsers_NormalizedEmail_trgm", "IX_Tenants_SipDomain_pattern", "IX_Tenants_BillingCustomerId")]
    [InlineData("owner.ab@example", "IX_AspNetUsers_NormalizedEmail_trgm")]
    [InlineData("+44 113 496 0018", "IX_PhoneNumbers_E164", "IX_Tenants_VerifiedMobileE164_pattern")]
    [InlineData("+44 113 49", "IX_PhoneNumbers_E164_pattern", "IX_Tenants_VerifiedMobileE164_pattern")]
    public async Task EveryKindOfSearch_IsAnsweredFromIndexes(string query, params string[] indexes)
    {
        await SeedTenantAsync();
        await using var scope = Portal.Scope();
        var search = scope.ServiceProvider.GetRequiredService<TenantSearch>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var (kind, phone, error) = search.Classify(query);
        Assert.Null(error);
        var sql = TenantSearch.Page(search.Filter(query, kind, phone, null), 1, 50);

        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        // Only bitmap scans left: an index appears in the plan only if a WHERE condition can use it.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off");
        // The index of a tenant's own numbers (the billing and PBX pages) is not the search's: with it, and
        // statistics that call few numbers assigned, the planner may find the numbers by it and filter the
        // digits, which says nothing about the search's condition. Dropped in this transaction, rolled back.
        await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_PhoneNumbers_TenantId\"");
        await using var explain = sql.CreateDbCommand();
        explain.Transaction = tx.GetDbTransaction();
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }
        var text = string.Join("\n", plan);
        await tx.RollbackAsync();

        foreach (var index in indexes)
        {
            Assert.True(text.Contains(index, StringComparison.Ordinal), $"{index} not used by:\n{text}");
        }
        Assert.DoesNotContain("Seq Scan on \"Tenants\"", text);
        Assert.DoesNotContain("Seq Scan on \"AspNetUsers\"", text);
    }
}
