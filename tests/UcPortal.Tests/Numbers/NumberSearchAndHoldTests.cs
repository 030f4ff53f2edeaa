using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Numbers;

/// <summary>Number search and holds (decision 032): each filter finds its numbers and not the others, a
/// hold keeps a number from everyone else until it ends by itself, of many simultaneous holds exactly
/// one wins, held numbers are not provisioned to others, foreign numbers are for paid tenants only.</summary>
public abstract class NumberSearchAndHoldTests<TPortal> : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static readonly ConcurrentDictionary<PortalFactory, FakeTimeProvider> Clocks = new();
    protected readonly TPortal Portal;
    protected readonly FakeTimeProvider Clock;

    protected NumberSearchAndHoldTests(TPortal portal)
    {
        Portal = portal;
        Clock = Clocks.GetOrAdd(portal, p =>
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            p.TestServices += s => s.AddSingleton<TimeProvider>(clock);
            return clock;
        });
    }

    /// <summary>Numbers of a city of its own under a US area code of its own, in the paid pool.</summary>
    private async Task<(string City, string Area, List<PhoneNumber> Numbers)> SeedAsync(NumberPool pool = NumberPool.Paid, params (string Suffix, NumberType Type)[] numbers)
    {
        var city = "Searchville " + Guid.NewGuid().ToString("N")[..8];
        var area = await Portal.WithDbAsync(async db =>
        {
            while (true)
            {
                var candidate = Random.Shared.Next(200, 999).ToString();
                var prefix = "+1" + candidate;
                if (!await db.PhoneNumbers.AnyAsync(n => n.E164.StartsWith(prefix)))
                {
                    return candidate;
                }
            }
        });
        var rows = numbers.Select(n => new PhoneNumber
        {
            E164 = "+1" + area + n.Suffix, Country = "US", Region = "Test", City = city, Type = n.Type, Pool = pool, Status = NumberStatus.Available,
        }).ToList();
        await Portal.WithDbAsync(db =>
        {
            db.PhoneNumbers.AddRange(rows);
            return db.SaveChangesAsync();
        });
        return (city, area, rows);
    }

    private async Task<NumberSearchResult> SearchAsync(NumberQuery query, string? holder = null, string home = "US", bool foreignAllowed = true)
    {
        await using var scope = Portal.Scope();
        return await scope.ServiceProvider.GetRequiredService<NumberSearch>().SearchAsync(query, SearchAudience.Tenant, holder, home, foreignAllowed, CancellationToken.None);
    }

    private async Task<FormResult<NumberHold>> HoldAsync(string holder, int id, NumberPool pool = NumberPool.Paid)
    {
        await using var scope = Portal.Scope();
        return await scope.ServiceProvider.GetRequiredService<NumberHolds>().HoldAsync(holder, id, pool, _ => true, CancellationToken.None);
    }

    [Fact]
    public async Task EachFilter_FindsItsNumbers_AndNotTheOthers()
    {
        var (city, area, n) = await SeedAsync(NumberPool.Paid,
            ("5552020", NumberType.Local), ("5550100", NumberType.Local), ("5550300", NumberType.Local), ("2020999", NumberType.Mobile), ("5550177", NumberType.TollFree));
        async Task<string[]> Found(NumberQuery q) => (await SearchAsync(q)).Rows.Select(r => r.E164).ToArray();
        var e = n.Select(x => x.E164).ToArray();

        Assert.Equal(e.Order(StringComparer.Ordinal), await Found(new() { Country = "US", City = city }));
        Assert.Equal(e.Order(StringComparer.Ordinal), await Found(new() { Country = "US", AreaCode = area }));
        Assert.Equal(new[] { e[0], e[3] }.Order(StringComparer.Ordinal), await Found(new() { Country = "US", City = city, Digits = "2020", Match = DigitsMatch.Contains }));
        Assert.Equal([e[3]], await Found(new NumberQuery { Country = "US", City = city, Digits = "2020", Match = DigitsMatch.Starts }.WithAreaDigits(area)));
        Assert.Equal([e[1], e[2]], await Found(new() { Country = "US", City = city, Digits = "00", Match = DigitsMatch.Ends }));
        Assert.Equal([e[4]], await Found(new() { Country = "US", City = city, Type = NumberType.TollFree }));
        // With an area code, "starts with" reads after it.
        Assert.Equal([e[2]], await Found(new() { Country = "US", AreaCode = area, Digits = "5550300", Match = DigitsMatch.Starts }));
        Assert.Equal([e[3]], await Found(new() { Country = "US", AreaCode = area, Digits = "20", Match = DigitsMatch.Starts }));
        // Another area code of the same country finds none of them.
        Assert.DoesNotContain(e[0], await Found(new() { Country = "US", City = city, AreaCode = area == "999" ? "998" : "999" }));
    }

    [Fact]
    public async Task BadSearches_AreMessagesNextToTheirFields()
    {
        var contains = await SearchAsync(new() { Country = "US", Digits = "20", Match = DigitsMatch.Contains });
        Assert.Contains("at least 3 digits", contains.Errors["Digits"]);
        Assert.Empty(contains.Rows);
        Assert.Contains("1 to 6 digits", (await SearchAsync(new() { Country = "US", AreaCode = "abc" })).Errors["AreaCode"]);
        Assert.Contains("Choose a country", (await SearchAsync(new() { AreaCode = "212" })).Errors["Country"]);
        Assert.Contains("digits only", (await SearchAsync(new() { Country = "US", Digits = "1' OR 1=1" })).Errors["Digits"]);
    }

    [Fact]
    public async Task NumbersInOtherCountries_AreOfferedToPaidTenantsOnly()
    {
        var (city, _, _) = await SeedAsync(NumberPool.Paid, ("5550111", NumberType.Local));

        var unpaid = await SearchAsync(new() { Country = "US", City = city }, home: "GB", foreignAllowed: false);
        var paid = await SearchAsync(new() { Country = "US", City = city }, home: "GB", foreignAllowed: true);

        Assert.Contains("paid plan", unpaid.Errors["Country"]);
        Assert.Empty(unpaid.Rows);
        Assert.Single(paid.Rows);
    }

    [Fact]
    public async Task AHold_KeepsTheNumberFromOthers_AndEndsByItself_AndTheCleanupIsIdempotent()
    {
        var (city, _, n) = await SeedAsync(NumberPool.Paid, ("5550142", NumberType.Local));
        var id = n[0].Id;
        var alice = NumberHolders.Tenant(Guid.NewGuid());
        var bob = NumberHolders.Tenant(Guid.NewGuid());

        Assert.True((await HoldAsync(alice, id)).Succeeded);
        var refused = await HoldAsync(bob, id);
        Assert.False(refused.Succeeded);
        Assert.Contains("Someone else", refused.Error);
        Assert.Empty((await SearchAsync(new() { Country = "US", City = city }, bob)).Rows);
        Assert.Single((await SearchAsync(new() { Country = "US", City = city }, alice)).Rows);

        Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        // Ended by the time condition alone, before any cleanup ran.
        Assert.Single((await SearchAsync(new() { Country = "US", City = city }, bob)).Rows);
        await using (var scope = Portal.Scope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<NumberHolds>().CurrentAsync(alice, CancellationToken.None));
            var job = scope.ServiceProvider.GetRequiredService<NumberHoldCleanupJob>();
            Assert.True(await job.RunAsync(CancellationToken.None) >= 1);
            Assert.Equal(0, await job.RunAsync(CancellationToken.None));
        }
        var row = await Portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().SingleAsync(x => x.Id == id));
        Assert.Null(row.HeldBy);
        Assert.Null(row.HeldUntilUtc);
        Assert.True((await HoldAsync(bob, id)).Succeeded);
    }

    [Fact]
    public async Task ManySimultaneousHolds_OfOneNumber_ExactlyOneWins()
    {
        const int people = 12;
        var (_, _, n) = await SeedAsync(NumberPool.Paid, ("5550199", NumberType.Local));
        var id = n[0].Id;
        var holders = Enumerable.Range(0, people).Select(_ => NumberHolders.Tenant(Guid.NewGuid())).ToList();
        // Every request has passed its own checks and waits at its UPDATE; only the UPDATE's condition decides.
        var meet = Portal.Simultaneous.Commands(people, c => c.CommandText.StartsWith("UPDATE \"PhoneNumbers\"", StringComparison.Ordinal)
            && c.CommandText.Contains("\"HeldBy\" = ", StringComparison.Ordinal) && c.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => Equals(p.Value, id)));
        FormResult<NumberHold>[] results;
        try
        {
            results = await Task.WhenAll(holders.Select(h => Task.Run(() => HoldAsync(h, id))));
        }
        finally
        {
            Portal.Simultaneous.Clear();
        }
        Assert.Equal(people, meet.Arrived);
        var winners = results.Where(r => r.Succeeded).ToList();
        Assert.Single(winners);
        var row = await Portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().SingleAsync(x => x.Id == id));
        Assert.Equal(holders[Array.IndexOf(results, winners[0])], row.HeldBy);
    }

    [Fact]
    public async Task AHeldNumber_IsNotProvisionedOrSoldToAnyoneElse()
    {
        var (trialCity, _, trial) = await SeedAsync(NumberPool.Trial, ("5550155", NumberType.Local));
        var (paidCity, _, paid) = await SeedAsync(NumberPool.Paid, ("5550156", NumberType.Local));
        Assert.True((await HoldAsync("v:" + Guid.NewGuid().ToString("N"), trial[0].Id, NumberPool.Trial)).Succeeded);
        Assert.True((await HoldAsync(NumberHolders.Tenant(Guid.NewGuid()), paid[0].Id)).Succeeded);

        await using var scope = Portal.Scope();
        var inventory = scope.ServiceProvider.GetRequiredService<NumberInventory>();
        Assert.Null(await inventory.ReserveTrialNumberAsync(Guid.NewGuid(), "US", trialCity));
        Assert.Empty(await inventory.ReservePaidNumbersAsync(Guid.NewGuid(), "US", paidCity, 1));
        var rows = await Portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(x => x.Id == trial[0].Id || x.Id == paid[0].Id).ToListAsync());
        Assert.All(rows, r => Assert.Equal(NumberStatus.Available, r.Status));
        Assert.All(rows, r => Assert.Null(r.TenantId));
    }

    [Fact]
    public async Task ANumberChosenAtSignup_IsTheTrialsNumber()
    {
        var suffixes = Enumerable.Range(0, 8).Select(i => ($"55501{60 + i}", NumberType.Local)).ToArray();
        var (city, _, numbers) = await SeedAsync(NumberPool.Trial, suffixes);
        var chosen = numbers[^1];
        using var browser = Portal.CreateBrowser();
        var area = $"US|{city}";

        var search = await browser.GetAsync($"/trial/numbers?Form.Area={Uri.EscapeDataString(area)}&Digits=5550167&Match=Ends");
        var found = await search.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.True(found.Contains($"data-id=\"{chosen.Id}\"", StringComparison.Ordinal), found);
        var held = await browser.PostWithTokenAsync("/trial", "/trial/numbers/hold", [new("id", chosen.Id.ToString()), new("Form.Area", area)]);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Contains("is held for you", await held.Content.ReadAsStringAsync());

        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser, TrialJourney.ValidForm(area: area));
        await TrialJourney.ProvisionAsync(Portal, signup.Id);

        var row = await Portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().SingleAsync(x => x.Id == chosen.Id));
        Assert.Equal(signup.Id, row.TenantId);
        Assert.Equal(NumberStatus.Assigned, row.Status);
        Assert.Null(row.HeldBy);
    }
}

internal static class NumberQueryExtensions
{
    /// <summary>"Starts with" reads after the country code: the area code's digits come first.</summary>
    public static NumberQuery WithAreaDigits(this NumberQuery q, string area)
    {
        q.Digits = area + q.Digits;
        return q;
    }
}

public sealed class NumberSearchAndHoldTestsOnSqlite(SqlitePortal portal) : NumberSearchAndHoldTests<SqlitePortal>(portal)
{
    /// <summary>SQLite answers area codes and "ends in" from an index (a range on E164 / E164Reversed).</summary>
    [Theory]
    [InlineData("area")]
    [InlineData("ends")]
    public async Task ThePrefixSearches_UseAnIndex(string kind)
    {
        await using var scope = Portal.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var q = kind == "area" ? new NumberQuery { Country = "US", AreaCode = "212" } : new NumberQuery { Country = "US", Digits = "00", Match = DigitsMatch.Ends };
        var sql = NumberSearch.Page(NumberSearch.Filter(db, db.PhoneNumbers, q, npgsql: false), null, 12).ToQueryString();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..];
        foreach (var line in sql.Split('\n').Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line["param set ".Length..].Trim().Split(' ', 2);
            var p = command.CreateParameter();
            p.ParameterName = parts[0];
            p.Value = parts[1].Trim('\'');
            command.Parameters.Add(p);
        }
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }
        var text = string.Join("\n", plan);
        Assert.Contains(kind == "area" ? "E164" : "IX_PhoneNumbers_Country_E164Reversed", text);
        Assert.Contains("USING", text);
        Assert.DoesNotContain("SCAN PhoneNumbers\n", text + "\n");
    }
}

/// <summary>On PostgreSQL, also: each kind of digit search can be answered from its index (asked with
/// sequential and plain index scans off, as the customer search's test does).</summary>
public sealed class NumberSearchAndHoldTestsOnPostgres(PostgresPortal portal) : NumberSearchAndHoldTests<PostgresPortal>(portal)
{
    [Theory]
    // A prefix of E164: the pattern-ops index, or the unique one where the collation lets a btree serve LIKE 'x%'.
    [InlineData("area", "IX_PhoneNumbers_E164")]
    [InlineData("ends", "IX_PhoneNumbers_E164Reversed_pattern")]
    [InlineData("contains", "IX_PhoneNumbers_E164_trgm")]
    public async Task EachDigitSearch_IsAnsweredFromItsIndex(string kind, string index)
    {
        await using var scope = Portal.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var q = kind switch
        {
            "area" => new NumberQuery { Country = "US", AreaCode = "212" },
            "ends" => new NumberQuery { Country = "US", Digits = "00", Match = DigitsMatch.Ends },
            _ => new NumberQuery { Country = "US", Digits = "2020", Match = DigitsMatch.Contains },
        };
        var sql = NumberSearch.Page(NumberSearch.Filter(db, db.PhoneNumbers, q, npgsql: true), null, 12);
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off");
        // Indexes that serve the country condition alone (led by Country, or the country code's prefix for
        // "contains") would say nothing about the digits' condition: dropped in this transaction, rolled back.
        await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_PhoneNumbers_Country_City_E164\"; DROP INDEX \"IX_PhoneNumbers_Country_E164Reversed\"; DROP INDEX \"IX_PhoneNumbers_Pool_Status_Country_City\"");
        if (kind == "contains")
        {
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_PhoneNumbers_E164_pattern\"");
        }
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
        await tx.RollbackAsync();
        var text = string.Join("\n", plan);
        Assert.True(text.Contains(index, StringComparison.Ordinal), $"{index} not used by:\n{text}");
        Assert.DoesNotContain("Seq Scan on \"PhoneNumbers\"", text);
    }
}
