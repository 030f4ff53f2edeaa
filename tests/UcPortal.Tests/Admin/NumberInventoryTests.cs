using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Admin;

/// <summary>The staff number inventory (/admin/numbers): the all-or-nothing CSV import that reports every
/// bad line, the filtered keyset-paged browser, and the Admin-only changes, each audited.</summary>
public abstract partial class NumberInventoryTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private const string Header = "e164,country,region,city,type,pool,monthly_cost";

    [Fact]
    public async Task CsvImport_WithGoodAndBadRows_ImportsNothing_AndReportsEachBadLine()
    {
        var block = Block();
        var existing = E164(block, 999);
        await portal.WithDbAsync(async db =>
        {
            db.PhoneNumbers.Add(new PhoneNumber { E164 = existing, Country = "GB", Region = "England", City = "London", Pool = NumberPool.Paid, Status = NumberStatus.Available });
            return await db.SaveChangesAsync();
        });
        var city = "Importville " + block;
        var csv = new StringBuilder(Header + "\n");
        csv.Append(CultureInfo($"{E164(block, 1)},GB,England,{city},local,trial,1.00\n"));                 // 2 good
        csv.Append("0113 496 0100,GB,England,Leeds,local,trial,1.00\n");                                      // 3 not E.164
        csv.Append(CultureInfo($"{E164(block, 2)},GBR,England,{city},local,trial,1.00\n"));                // 4 country
        csv.Append(CultureInfo($"{E164(block, 3)},GB,England,,local,trial,1.00\n"));                        // 5 no city
        csv.Append(CultureInfo($"{E164(block, 4)},GB,England,{city},mobile,trial,1.00\n"));                // 6 type
        csv.Append(CultureInfo($"{E164(block, 5)},GB,England,{city},local,gold,1.00\n"));                  // 7 pool
        csv.Append(CultureInfo($"{E164(block, 6)},GB,England,{city},local,paid,1.005\n"));                 // 8 cost
        csv.Append(CultureInfo($"{E164(block, 7)},GB,England,{city},local\n"));                            // 9 fields
        csv.Append(CultureInfo($"{E164(block, 1)},GB,England,{city},local,paid,2.00\n"));                  // 10 duplicate of line 2
        csv.Append(CultureInfo($"{existing},GB,England,{city},local,paid,2.00\n"));                        // 11 in the inventory
        csv.Append("\n");                                                                                     // 12 blank: skipped
        csv.Append(CultureInfo($"{E164(block, 8)},GB,\"England, North\",\"{city}\",toll-free,paid,0.5\n")); // 13 good (quoted)
        using var admin = await StaffAsync(StaffRoles.Admin);
        var countBefore = await portal.WithDbAsync(db => db.PhoneNumbers.CountAsync());

        var response = await UploadAsync(admin, csv.ToString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var reported = BadLinePattern().Matches(page).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11], reported.Keys.Order().ToArray());
        Assert.Contains("is not an E.164 number", reported[3]);
        Assert.Contains("two-letter ISO code", reported[4]);
        Assert.Contains("city is empty", reported[5]);
        Assert.Contains("not local or toll-free", reported[6]);
        Assert.Contains("not trial or paid", reported[7]);
        Assert.Contains("at most two decimals", reported[8]);
        Assert.Contains("Expected 7 fields", reported[9]);
        Assert.Contains("already on line 2 of this file", reported[10]);
        Assert.Contains("already in the inventory", reported[11]);
        Assert.Contains("9 lines are bad", page);
        Assert.Equal(countBefore, await portal.WithDbAsync(db => db.PhoneNumbers.CountAsync()));
        Assert.False(await portal.WithDbAsync(db => db.PhoneNumbers.AnyAsync(n => n.City == city)));
        Assert.False(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.NumbersImported && a.Target == FileName(block))));
    }

    [Fact]
    public async Task CsvImport_OfGoodRowsOnly_ImportsEveryRow_InOneAuditedStep()
    {
        var block = Block();
        var city = "Goodville " + block;
        var csv = Header + "\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i =>
            $"{E164(block, i)},gb,England,{city},{(i % 3 == 0 ? "toll-free" : "local")},{(i < 10 ? "trial" : "paid")},{i}.25")) + "\n";
        using var admin = await StaffAsync(StaffRoles.Admin);

        var response = await UploadAsync(admin, csv);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var numbers = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(n => n.City == city).OrderBy(n => n.E164).ToListAsync());
        Assert.Equal(30, numbers.Count);
        Assert.All(numbers, n => Assert.Equal(("GB", "England", NumberStatus.Available), (n.Country, n.Region, n.Status)));
        Assert.Equal(10, numbers.Count(n => n.Pool == NumberPool.Trial));
        Assert.Equal(10, numbers.Count(n => n.Type == NumberType.TollFree));
        Assert.Equal(725, numbers.Single(n => n.E164 == E164(block, 7)).MonthlyCostCents);
        var audit = await portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.NumbersImported && a.Target == FileName(block)));
        Assert.Equal("30 numbers imported (10 trial, 20 paid).", audit.Detail);
        Assert.Contains("30 numbers imported", await admin.GetPageAsync("/admin/numbers"));
    }

    [Theory]
    [InlineData("", "header")]
    [InlineData("e164,country\n+442079460100,GB\n", "header")]
    [InlineData(Header + "\n", "no numbers")]
    public async Task CsvImport_OfABadFile_SaysWhy_AndImportsNothing(string csv, string message)
    {
        using var admin = await StaffAsync(StaffRoles.Admin);

        var response = await UploadAsync(admin, csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheBrowser_FiltersByCountryCityPoolAndStatus_AndPagesByKeyset()
    {
        var block = Block();
        var city = "Pageville " + block;
        await SeedAsync(city, 120, i => i % 4 == 0 ? NumberPool.Trial : NumberPool.Paid, i => i % 10 == 0 ? NumberStatus.Quarantined : NumberStatus.Available, block);
        using var support = await StaffAsync(StaffRoles.Support);
        var filter = $"/admin/numbers?country=GB&city={Uri.EscapeDataString(city)}";

        var first = await support.GetPageAsync(filter);
        var second = await support.GetPageAsync(NextLink(first));
        var third = await support.GetPageAsync(NextLink(second));
        var backToSecond = await support.GetPageAsync(PreviousLink(third));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => E164(block, i)), Numbers(first));
        Assert.Equal(Enumerable.Range(50, 50).Select(i => E164(block, i)), Numbers(second));
        Assert.Equal(Enumerable.Range(100, 20).Select(i => E164(block, i)), Numbers(third));
        Assert.Equal(Numbers(second), Numbers(backToSecond));
        Assert.DoesNotContain("id=\"previous-page\"", first);
        Assert.DoesNotContain("id=\"next-page\"", third);
        // Support sees the inventory, not the Admin's actions.
        Assert.DoesNotContain("/retire\"", first);
        Assert.DoesNotContain("id=\"import-numbers\"", first);

        var trialQuarantined = await support.GetPageAsync(filter + "&pool=Trial&status=Quarantined");
        Assert.Equal(Enumerable.Range(0, 120).Where(i => i % 20 == 0).Select(i => E164(block, i)), Numbers(trialQuarantined));
        Assert.Empty(Numbers(await support.GetPageAsync($"/admin/numbers?country=US&city={Uri.EscapeDataString(city)}")));
        // A filter value nobody offers is no filter, never an error page.
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync(filter + "&status=nonsense&pool=9&after=%27%3B")).StatusCode);
    }

    [Fact]
    public async Task AnAdmin_MovesRetiresAndReleasesNumbers_EachAudited_ButNeverACustomersNumber()
    {
        var block = Block();
        var city = "Changeville " + block;
        await SeedAsync(city, 3, _ => NumberPool.Trial, i => i == 1 ? NumberStatus.Quarantined : NumberStatus.Available, block);
        using var owner = await TenantOwner.CreateAsync(portal);
        var assigned = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().FirstAsync(n => n.TenantId == owner.TenantId));
        var ids = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.City == city).OrderBy(n => n.E164).Select(n => n.Id).ToListAsync());
        using var admin = await StaffAsync(StaffRoles.Admin);
        var list = $"/admin/numbers?city={Uri.EscapeDataString(city)}";

        var moved = await admin.SubmitAsync(list, $"/admin/numbers/{ids[0]}/pool", [new("pool", "Paid"), new("returnUrl", list)]);
        var released = await admin.SubmitAsync(list, $"/admin/numbers/{ids[1]}/release", [new("returnUrl", list)]);
        var retired = await admin.SubmitAsync(list, $"/admin/numbers/{ids[2]}/retire", []);

        Assert.Equal(list, moved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        Assert.Equal("/admin/numbers", retired.Headers.Location!.OriginalString);
        var numbers = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(n => n.City == city).OrderBy(n => n.E164).ToListAsync());
        Assert.Equal(NumberPool.Paid, numbers[0].Pool);
        Assert.Equal((NumberStatus.Available, (DateTime?)null), (numbers[1].Status, numbers[1].QuarantinedUntilUtc));
        Assert.Equal(NumberStatus.Retired, numbers[2].Status);
        foreach (var (action, e164) in new[] { (AuditActions.NumberPoolChanged, numbers[0].E164), (AuditActions.NumberQuarantineReleased, numbers[1].E164), (AuditActions.NumberRetired, numbers[2].E164) })
        {
            Assert.Equal(1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action && a.Target == e164)));
        }

        // A customer's number, a second release and a second retirement are refused with a reason.
        var refused = await admin.SubmitAsync(list, $"/admin/numbers/{assigned.Id}/retire", [new("returnUrl", list)]);
        Assert.Contains("belongs to a customer", WebUtility.HtmlDecode(await admin.GetPageAsync(refused.Headers.Location!.OriginalString)));
        await admin.SubmitAsync(list, $"/admin/numbers/{ids[1]}/release", []);
        Assert.Equal(NumberStatus.Assigned, await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.Id == assigned.Id).Select(n => n.Status).SingleAsync()));
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.NumberQuarantineReleased && a.Target == numbers[1].E164)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SubmitAsync(list, "/admin/numbers/987654321/retire", [])).StatusCode);
    }

    [Fact]
    public async Task Support_BrowsesTheInventory_ButCannotImportOrChangeIt()
    {
        using var support = await StaffAsync(StaffRoles.Support);
        var ids = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.Status == NumberStatus.Available).Select(n => n.Id).Take(1).ToListAsync());

        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/admin/numbers")).StatusCode);
        var import = await support.GetAsync("/admin/numbers/import");
        var retire = await support.SubmitAsync("/admin/numbers", $"/admin/numbers/{ids[0]}/retire", []);

        Assert.Contains("/account/access-denied", import.Headers.Location!.ToString());
        Assert.Contains("/account/access-denied", retire.Headers.Location!.ToString());
        Assert.Equal(NumberStatus.Available, await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.Id == ids[0]).Select(n => n.Status).SingleAsync()));
    }

    private static int Block() => Random.Shared.Next(100_000, 999_999);

    private static string E164(int block, int i) => $"+8829{block}{i:000}";

    private static string FileName(int block) => $"numbers-{block}.csv";

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);

    private async Task<HttpResponseMessage> UploadAsync(PortalBrowser browser, string csv)
    {
        var page = await browser.GetPageAsync("/admin/numbers/import");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var blockInCsv = E164BlockPattern().Match(csv);
        content.Add(file, "file", blockInCsv.Success ? FileName(int.Parse(blockInCsv.Groups[1].Value)) : "empty.csv");
        return await browser.Http.PostAsync("/admin/numbers/import", content);
    }

    private Task SeedAsync(string city, int count, Func<int, NumberPool> pool, Func<int, NumberStatus> status, int block) =>
        portal.WithDbAsync(async db =>
        {
            // Inserted in a shuffled order: the browser's order is E.164's, not insertion's.
            foreach (var i in Enumerable.Range(0, count).OrderBy(_ => Random.Shared.Next()))
            {
                var s = status(i);
                db.PhoneNumbers.Add(new PhoneNumber
                {
                    E164 = E164(block, i), Country = "GB", Region = "England", City = city, Type = NumberType.Local, Pool = pool(i), Status = s,
                    QuarantinedUntilUtc = s == NumberStatus.Quarantined ? DateTime.UtcNow.AddDays(20) : null, MonthlyCostCents = 100,
                });
            }
            return await db.SaveChangesAsync();
        });

    private async Task<PortalBrowser> StaffAsync(string role)
    {
        var email = await Staff.CreateAsync(portal, role);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }

    private static List<string> Numbers(string page) => RowPattern().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    private static string NextLink(string page) => WebUtility.HtmlDecode(NextPattern().Match(page).Groups[1].Value);

    private static string PreviousLink(string page) => WebUtility.HtmlDecode(PreviousPattern().Match(page).Groups[1].Value);

    [GeneratedRegex("<tr data-line=\"(\\d+)\"><td class=\"mono\">\\d+</td><td>([^<]*)</td>")]
    private static partial Regex BadLinePattern();

    [GeneratedRegex("<tr data-number=\"([^\"]+)\"")]
    private static partial Regex RowPattern();

    [GeneratedRegex("id=\"next-page\" href=\"([^\"]+)\"")]
    private static partial Regex NextPattern();

    [GeneratedRegex("id=\"previous-page\" href=\"([^\"]+)\"")]
    private static partial Regex PreviousPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\+8829(\d{6})")]
    private static partial Regex E164BlockPattern();
}

public sealed class NumberInventoryTestsOnSqlite(SqlitePortal portal) : NumberInventoryTests<SqlitePortal>(portal);

public sealed class NumberInventoryTestsOnPostgres(PostgresPortal portal) : NumberInventoryTests<PostgresPortal>(portal);
