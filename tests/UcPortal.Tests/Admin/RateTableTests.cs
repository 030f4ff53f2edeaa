using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Admin;

/// <summary>The rate table staff edit at /admin/rates: seeded defaults, add/edit/delete, and every bad
/// input a message next to its field with nothing written.</summary>
public sealed class RateTableTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task TheTable_IsSeeded_AndAnAdminAddsEditsAndDeletesARate()
    {
        using var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/admin/rates");
        Assert.Contains("data-prefix=\"1876\"", page);
        Assert.Contains("data-prefix=\"1900\"", page);

        var added = await admin.SubmitAsync("/admin/rates", "/admin/rates",
            [new("Form.Prefix", "+34 6"), new("Form.Description", "Spain mobile"), new("Form.PricePerMinute", "0.045")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var rate = await portal.WithDbAsync(db => db.CallRates.AsNoTracking().SingleAsync(r => r.Prefix == "346"));
        Assert.Equal(("Spain mobile", 45_000L), (rate.Description, rate.PricePerMinuteMicros));

        var edited = await admin.SubmitAsync($"/admin/rates?edit={rate.Id}", $"/admin/rates/{rate.Id}",
            [new("EditForm.Prefix", "346"), new("EditForm.Description", "Spain mobile"), new("EditForm.PricePerMinute", "0.05")]);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(50_000L, await portal.WithDbAsync(db => db.CallRates.Where(r => r.Id == rate.Id).Select(r => r.PricePerMinuteMicros).SingleAsync()));

        var deleted = await admin.SubmitAsync("/admin/rates", $"/admin/rates/{rate.Id}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.CallRates.AnyAsync(r => r.Id == rate.Id)));
    }

    public static TheoryData<string, string, string, string> BadRates => new()
    {
        { "abc", "Somewhere", "0.01", "Enter 1 to 15 digits" },
        { "044", "Somewhere", "0.01", "never start with 0" },
        { "1876", "Jamaica again", "0.01", "+1876 already has a rate" },
        { "99", "", "0.01", "Describe the destination" },
        { "99", "Somewhere", "-1", "Enter a price per minute from 0 to 100" },
        { "99", "Somewhere", "0.0000001", "at most six decimals" },
        { "99", "Somewhere", "lots", "Enter a price per minute" },
    };

    [Theory]
    [MemberData(nameof(BadRates))]
    public async Task ABadRate_ShowsAMessageNextToItsField_AndWritesNothing(string prefix, string description, string price, string message)
    {
        using var admin = await AdminAsync();
        var before = await portal.WithDbAsync(db => db.CallRates.CountAsync());

        var response = await admin.SubmitAsync("/admin/rates", "/admin/rates",
            [new("Form.Prefix", prefix), new("Form.Description", description), new("Form.PricePerMinute", price)]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await portal.WithDbAsync(db => db.CallRates.CountAsync()));
    }

    [Fact]
    public async Task SupportStaff_CannotEditRates()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var support = portal.CreateBrowser();
        await support.LogInAsync(email, Staff.Password);

        var response = await support.GetAsync("/admin/rates");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", response.Headers.Location!.ToString());
    }

    private async Task<PortalBrowser> AdminAsync()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Admin);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }
}
