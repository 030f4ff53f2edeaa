using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;

namespace UcPortal.Tests.Localisation;

/// <summary>The phone-system pages translated so far, rendered in zh-CN for a signed-in trial owner
/// who chose Chinese, with no English left (<see cref="NoEnglishLeft"/>). A route may name the
/// tenant's first extension or number as {extension} / {number}. What the customer typed or what
/// names their data (company, person, city, extension names) is theirs and is left out of the check.</summary>
public sealed partial class TranslatedPbxPagesTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    public static readonly TheoryData<string> SignedInRoutes = new()
    {
        "/pbx/extensions",
        "/pbx/extensions/new",
        "/pbx/extensions/{extension}",
        "/pbx/numbers",
        "/pbx/numbers/{number}",
        "/pbx/voicemail",
        "/pbx/team",
        "/pbx/usage",
    };

    [Theory]
    [MemberData(nameof(SignedInRoutes))]
    public async Task APhoneSystemPage_InChinese_HasNoEnglishLeft(string route)
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: false);
        var chose = await tenant.Owner.PostWithTokenAsync("/pbx/extensions", "/language", [new("culture", "zh-CN"), new("returnUrl", "/pbx/extensions")]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, chose.StatusCode);
        var data = await portal.WithDbAsync(async db => new
        {
            Extension = await db.Extensions.Where(e => e.TenantId == tenant.Id).OrderBy(e => e.Number).Select(e => e.Id).FirstAsync(),
            Number = await db.PhoneNumbers.Where(n => n.TenantId == tenant.Id).Select(n => n.Id).FirstAsync(),
            Names = (await db.Extensions.Where(e => e.TenantId == tenant.Id).Select(e => e.Name).ToListAsync())
                .Concat(await db.PhoneNumbers.Where(n => n.TenantId == tenant.Id).Select(n => n.City).ToListAsync())
                .Concat(await db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.Name).ToListAsync())
                .Concat(await db.Users.Where(u => u.TenantId == tenant.Id).Select(u => u.FullName).ToListAsync())
                .ToList(),
        });

        var html = await tenant.Owner.GetPageAsync(route.Replace("{extension}", data.Extension.ToString()).Replace("{number}", data.Number.ToString()));

        Assert.Contains("<html lang=\"zh-CN\">", html);
        // REVIEW: the header's billing links (_BillingNav) belong to the billing pages' translation, done apart.
        html = html.Replace(">Billing</a>", "></a>").Replace("</i>Upgrade</a>", "</i></a>");
        var text = data.Names.OrderByDescending(n => n.Length).Aggregate(NoEnglishLeft.VisibleText(html), (t, name) => t.Replace(name, " "));
        NoEnglishLeft.AssertNone(route, text);
    }

    /// <summary>The rest of the phone system, each with something in it (a ring group, business hours with a
    /// closed day, an auto attendant, SIP trunks of both kinds, a desk phone, the changes they made), on a
    /// tenant on the Business plan. {group}, {schedule}, {menu}, {trunk}, {ipTrunk}, {phone} name them.
    /// "POST …" routes send a form with a mistake and check the page that comes back (422, message next to the field).</summary>
    public static readonly TheoryData<string> RoutesWithData = new()
    {
        "/pbx/ring-groups",
        "/pbx/ring-groups/new",
        "/pbx/ring-groups/{group}",
        "POST /pbx/ring-groups",
        "/pbx/schedules",
        "/pbx/schedules/new",
        "/pbx/schedules/{schedule}",
        "POST /pbx/schedules",
        "/pbx/trunks",
        "/pbx/trunks/new",
        "/pbx/trunks/{trunk}",
        "/pbx/trunks/{ipTrunk}",
        "POST /pbx/trunks",
        "/pbx/auto-attendants",
        "/pbx/auto-attendants/new",
        "/pbx/auto-attendants/{menu}",
        "POST /pbx/auto-attendants",
        "/pbx/changes",
        "/pbx/changes/list",
        "/pbx/changes/badge",
        "/pbx/phones",
        "/pbx/phones/{phone}",
        "POST /pbx/phones",
        "POST /pbx/extensions",
        "POST /pbx/extensions/{extension}",
        "POST /pbx/numbers/{number}",
        "POST /pbx/team/invite",
    };

    /// <summary>What each "POST" route sends: one field wrong (or a rule of the use case broken).</summary>
    private static List<KeyValuePair<string, string>> BadForm(string action, Dictionary<string, string> ids) => action switch
    {
        "/pbx/ring-groups" => [new("Number", "601"), new("Name", ""), new("Members", "100, 100"), new("Strategy", "Simultaneous"), new("RingSeconds", "2"), new("NoAnswer.Choice", "external"), new("NoAnswer.External", "12")],
        "/pbx/schedules" => [new("Name", ""), new("TimeZone", "Europe/London"), new("Ranges[0].Day", "Monday"), new("Ranges[0].From", "18:00"), new("Ranges[0].To", "09:00"), new("Holidays", "2026-13-45 坏日期")],
        "/pbx/trunks" => [new("Name", ""), new("AuthMode", "IpAddress"), new("Addresses", "192.168.1.10"), new("MaxChannels", "0")],
        "/pbx/auto-attendants" => [new("Name", ""), new("PromptText", ""), new("TimeoutSeconds", "1"), new("Timeout.Choice", "ext:999"), new("Invalid.Choice", ""), .. Enumerable.Range(0, 12).Select(i => new KeyValuePair<string, string>($"Keys[{i}].Choice", ""))],
        "/pbx/phones" => [new("Form.MacAddress", "not-a-mac"), new("Form.Model", ""), new("Form.Label", "")],
        "/pbx/extensions" => [new("Number", "1"), new("Name", ""), new("Email", "not-an-email")],
        "/pbx/extensions/{extension}" => [new("Name", ""), new("Email", "x"), new("ForwardAlways.Choice", "external"), new("ForwardAlways.External", "+1 212 555 0100"), new("ForwardBusy.Choice", ""), new("ForwardNoAnswer.Choice", ""), new("ForwardUnregistered.Choice", ""), new("NoAnswerSeconds", "1")],
        "/pbx/numbers/{number}" => [new("Open.Choice", "ext:999"), new("ScheduleId", ""), new("Closed.Choice", ""), new("Failover.Choice", "")],
        "/pbx/team/invite" => [new("Form.Email", "not-an-email"), new("Form.Role", "Member")],
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    [Theory]
    [MemberData(nameof(RoutesWithData))]
    public async Task APhoneSystemPageWithData_InChinese_HasNoEnglishLeft(string route)
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: true);
        var owner = tenant.Owner;
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostWithTokenAsync("/pbx/extensions", "/language", [new("culture", "zh-CN"), new("returnUrl", "/pbx/extensions")])).StatusCode);
        var saved = new[]
        {
            await owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", [new("Number", "300"), new("Name", "销售部"), new("Members", "100"), new("Strategy", "Sequential"), new("RingSeconds", "20"), new("NoAnswer.Choice", "vm:100")]),
            await owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", [new("Name", "办公时间"), new("TimeZone", "Asia/Shanghai"), new("Ranges[0].Day", "Monday"), new("Ranges[0].From", "09:00"), new("Ranges[0].To", "17:00"), new("Holidays", "2026-10-01 国庆节")]),
            await owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", [new("Name", "主菜单"), new("PromptText", "您好"), new("TimeoutSeconds", "8"), new("Timeout.Choice", "grp:300"), new("Invalid.Choice", ""),
                .. Enumerable.Range(0, 12).Select(i => new KeyValuePair<string, string>($"Keys[{i}].Choice", i switch { 1 => "ext:100", 2 => "repeat", _ => "" }))]),
            await owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", [new("Name", "总部"), new("AuthMode", "Registration"), new("Addresses", ""), new("MaxChannels", "2")]),
            await owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", [new("Name", "分部"), new("AuthMode", "IpAddress"), new("Addresses", $"81.{Random.Shared.Next(2, 200)}.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}"), new("MaxChannels", "2")]),
            await owner.SubmitAsync("/pbx/phones", "/pbx/phones", [new("Form.MacAddress", string.Join(':', ["00", "15", "65", .. Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(256).ToString("X2"))])), new("Form.Model", "yealink-t46u"), new("Form.Label", "前台")]),
        };
        foreach (var r in saved)
        {
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{r.RequestMessage?.RequestUri} refused: {string.Join(" | ", FieldError().Matches(await r.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value))}");
        }
        var ids = await portal.WithDbAsync(async db => new Dictionary<string, string>
        {
            ["{group}"] = (await db.RingGroups.SingleAsync(g => g.TenantId == tenant.Id)).Id.ToString(),
            ["{schedule}"] = (await db.Schedules.SingleAsync(x => x.TenantId == tenant.Id)).Id.ToString(),
            ["{menu}"] = (await db.AutoAttendants.SingleAsync(a => a.TenantId == tenant.Id)).Id.ToString(),
            ["{trunk}"] = (await db.SipTrunks.SingleAsync(t => t.TenantId == tenant.Id && t.Name == "总部")).Id.ToString(),
            ["{ipTrunk}"] = (await db.SipTrunks.SingleAsync(t => t.TenantId == tenant.Id && t.Name == "分部")).Id.ToString(),
            ["{phone}"] = (await db.DeskPhones.SingleAsync(p => p.TenantId == tenant.Id)).Id.ToString(),
            ["{extension}"] = (await db.Extensions.Where(e => e.TenantId == tenant.Id).OrderBy(e => e.Number).FirstAsync()).Id.ToString(),
            ["{number}"] = (await db.PhoneNumbers.FirstAsync(n => n.TenantId == tenant.Id)).Id.ToString(),
        });
        var names = await NamesAsync(tenant.Id);
        string Fill(string r) => ids.Aggregate(r, (url, id) => url.Replace(id.Key, id.Value));

        string html;
        if (route.StartsWith("POST ", StringComparison.Ordinal))
        {
            var action = route[5..];
            var formPage = action switch
            {
                "/pbx/phones" => "/pbx/phones",
                "/pbx/team/invite" => "/pbx/team",
                "/pbx/extensions" => "/pbx/extensions/new",
                _ when action.Contains('{') => Fill(action),
                _ => action + "/new",
            };
            var response = await owner.SubmitAsync(formPage, Fill(action), BadForm(action, ids));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            html = await response.Content.ReadAsStringAsync();
            Assert.Contains("field-validation-error", html);
        }
        else
        {
            html = await owner.GetPageAsync(Fill(route));
        }

        if (!route.StartsWith("/pbx/changes/", StringComparison.Ordinal))
        {
            Assert.Contains("<html lang=\"zh-CN\">", html);
        }
        // A desk phone's own menus are in English on the phone: the steps name them as the phone shows them (in bold).
        html = DeviceMenu().Replace(html, " ");
        // REVIEW: the header's billing links (_BillingNav) belong to the billing pages' translation, done apart.
        html = html.Replace(">Billing</a>", "></a>").Replace("</i>Upgrade</a>", "</i></a>");
        var text = names.OrderByDescending(n => n.Length).Aggregate(NoEnglishLeft.VisibleText(html), (t, name) => t.Replace(name, " "));
        NoEnglishLeft.AssertNone(route, text);
    }

    /// <summary>The team invitation's accept page in Chinese: a new person's form (also with its mistakes shown),
    /// an existing account's, and the states where the link no longer works.</summary>
    [Theory]
    [InlineData("new")]
    [InlineData("new, mistakes")]
    [InlineData("existing")]
    [InlineData("broken link")]
    [InlineData("revoked")]
    public async Task TheInvitationAcceptPage_InChinese_HasNoEnglishLeft(string state)
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: false);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync("/pbx/extensions", "/language", [new("culture", "zh-CN"), new("returnUrl", "/pbx/extensions")])).StatusCode);
        var email = state == "existing" ? await ExistingAccountAsync() : $"joiner-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync("/pbx/team", "/pbx/team/invite", [new("Form.Email", email), new("Form.Role", "Admin")])).StatusCode);
        var mail = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.ToAddress == email && e.Template == "team-invitation").Select(e => e.HtmlBody).SingleAsync());
        var link = new Uri(WebUtility.HtmlDecode(AcceptLink().Match(mail).Groups[1].Value)).PathAndQuery;
        if (state == "revoked")
        {
            var invitation = await portal.WithDbAsync(db => db.TeamInvitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync());
            Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync("/pbx/team", $"/pbx/team/invitations/{invitation}/revoke")).StatusCode);
        }
        using var joiner = portal.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await joiner.Http.PostAsync("/language", new FormUrlEncodedContent([new("culture", "zh-CN"), new("returnUrl", "/")]))).StatusCode);

        string html;
        if (state == "new, mistakes")
        {
            var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
            var response = await joiner.SubmitAsync(link, "/team/accept", [new("token", token), new("Form.FullName", ""), new("Form.Password", "short"), new("Form.ConfirmPassword", "other")]);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            html = await response.Content.ReadAsStringAsync();
            Assert.Contains("field-validation-error", html);
        }
        else
        {
            html = await joiner.GetPageAsync(state == "broken link" ? link[..^4] : link);
        }

        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains(state switch { "new" or "new, mistakes" => "id=\"new-account\"", "existing" => "id=\"join\"", _ => "id=\"invitation-problem\"" }, html);
        var text = (await NamesAsync(tenant.Id)).OrderByDescending(n => n.Length).Aggregate(NoEnglishLeft.VisibleText(html), (t, name) => t.Replace(name, " "));
        NoEnglishLeft.AssertNone(state, text);
    }

    private async Task<string> ExistingAccountAsync()
    {
        using var other = await PbxTenants.CreateAsync(portal, paid: false);
        var email = other.OwnerEmail;
        // An account of no company (left its trial's team): it can join with its password.
        await portal.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.TenantId = null;
            return await db.SaveChangesAsync();
        });
        return email;
    }

    /// <summary>What the customer named (company, people, extensions, cities): theirs, left out of the check.</summary>
    private Task<List<string>> NamesAsync(Guid tenantId) => portal.WithDbAsync(async db =>
        (await db.Extensions.Where(e => e.TenantId == tenantId).Select(e => e.Name).ToListAsync())
            .Concat(await db.PhoneNumbers.Where(n => n.TenantId == tenantId).Select(n => n.City).ToListAsync())
            .Concat(await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).ToListAsync())
            .Concat(await db.Users.Where(u => u.TenantId == tenantId).Select(u => u.FullName).ToListAsync())
            .ToList());

    [GeneratedRegex("field-validation-error\"[^>]*>([^<]+)<")]
    private static partial Regex FieldError();

    [GeneratedRegex(@"<strong>[A-Za-z →]+</strong>")]
    private static partial Regex DeviceMenu();

    [GeneratedRegex("href=\"(http[^\"]*/team/accept\\?token=[^\"]*)\"")]
    private static partial Regex AcceptLink();
}
