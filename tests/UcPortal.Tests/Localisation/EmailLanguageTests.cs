using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Tests.Localisation;

/// <summary>Emails go out in the recipient's language, whoever or whatever sends them (decision 036).</summary>
public sealed class EmailLanguageTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task APasswordResetAskedFromAnEnglishPage_ReachesAChineseUser_InChinese()
    {
        var email = await CultureSelectionTests<SqlitePortal>.CreateUserAsync(portal, "zh-CN");
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", [new("Email", email)]);

        var message = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == email && e.Template == "reset-password"));
        Assert.Equal("重置您的 UcPortal 密码", message.Subject);
        Assert.Contains("Li Wei，您好：", message.TextBody);
        Assert.Contains("设置新密码", message.HtmlBody);
        Assert.DoesNotContain("Choose a new password", message.HtmlBody);
    }

    [Fact]
    public async Task AnEnglishUser_GetsEnglish_EvenWhenTheRequestIsChinese()
    {
        var email = await CultureSelectionTests<SqlitePortal>.CreateUserAsync(portal, "en");
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", [new("Email", email)]);

        var message = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == email && e.Template == "reset-password"));
        Assert.Equal("Reset your UcPortal password", message.Subject);
    }

    [Fact]
    public async Task ASignupFromAChinesePage_StoresTheLanguage_AndItsConfirmationIsInChinese()
    {
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var form = TrialJourney.ValidForm(email: $"zh-{Guid.NewGuid():N}@example.com", mobile: TrialJourney.UniqueUkMobile(Random.Shared.Next(1, 999_999)), area: "GB|London");

        await TrialJourney.SubmitAsync(browser, form);

        var user = await portal.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == form["Form.Email"]));
        Assert.Equal("zh-CN", user.Culture);
        var message = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == form["Form.Email"] && e.Template == "confirm-email"));
        Assert.Equal("确认邮箱，开始您的 UcPortal 试用", message.Subject);
    }

    /// <summary>Every template composed for a Chinese reader: no English sentence left in its text
    /// (names, addresses and the product terms aside), dates written the Chinese way.</summary>
    [Fact]
    public async Task EveryCustomerTemplate_InChinese_HasNoEnglishSentenceLeft()
    {
        await using var scope = portal.Scope();
        var templates = scope.ServiceProvider.GetRequiredService<EmailTemplates>();
        var at = new DateTime(2026, 12, 3, 14, 5, 0, DateTimeKind.Utc);
        var t = templates;
        using var chinese = PortalCultures.Use(PortalCultures.Chinese);
        var emails = new List<ComposedEmail>
        {
            t.ConfirmEmail("Li Wei", "http://portal.test/c"),
            t.TrialReady(new TrialReadyDetails("Li Wei", "Acme", "acme.sip.test", "sip.test", [new("100", "u100")], "+44 113 496 0000", "60 分钟通话", at)),
            t.ResetPassword("Li Wei", "http://portal.test/r"),
            t.TeamInvitation("Zhang San", "Acme", "member", "http://portal.test/a", at),
            t.StaffInvitation("Zhang San", "Li Wei", "Admin", "http://portal.test/a", at),
            t.TrialApproved("Li Wei", "Acme"),
            t.TrialRefused("Li Wei", "Acme", "重复申请"),
            t.NewVoicemail("Li Wei", "100", "+44 113 496 0001", at, 12),
            t.PaidWelcome("Li Wei", "Acme", "Business", "http://portal.test/billing"),
            t.ComparisonConfirm("http://portal.test/c", 48),
            t.ComparisonReport("Li Wei", "Acme", [], "第 3 个月回本。", "http://portal.test/trial"),
            t.SipPasswordResetByStaff("Li Wei", "Acme", "100", "http://portal.test/x"),
            t.TicketReply("Li Wei", 7, "话机无法注册", "Wang", "请检查端口。", false, "http://portal.test/support/7"),
            t.TicketReply("Li Wei", 7, "话机无法注册", "Wang", "请检查端口。", true, "http://portal.test/support/7"),
            t.TrialEndsSoon("Li Wei", "Acme", 1, at, "http://portal.test/u"),
            t.TrialEndsSoon("Li Wei", "Acme", 3, at, "http://portal.test/u"),
            t.TrialCreditLow("Li Wei", "Acme", false, "$0.80", "$5.00", "http://portal.test/u"),
            t.TrialCreditLow("Li Wei", "Acme", true, "$0.00", "$5.00", "http://portal.test/u"),
            t.TrialExpired("Li Wei", "Acme", at, "http://portal.test/u"),
            t.SubscriptionEnded("Li Wei", "Acme", at, "http://portal.test/u"),
            t.AccountReleased("Li Wei", "Acme", ["+44 113 496 0000"], at),
            t.AccountReleased("Li Wei", "Acme", [], at),
            t.PaymentOverdue("Li Wei", "Acme", 1, false, at, at, "http://portal.test/b"),
            t.PaymentOverdue("Li Wei", "Acme", 3, false, at, at, "http://portal.test/b"),
            t.PaymentOverdue("Li Wei", "Acme", 7, true, at, at, "http://portal.test/b"),
            t.TrialFollowUpsDue("Li Wei", [("Acme", "试用已结束")], "http://portal.test/f"),
        };
        // Number porting: one email per status a request reaches (staff's question and reason are theirs, written for the customer).
        foreach (var status in Enum.GetValues<UcPortal.Data.Entities.PortingStatus>())
        {
            emails.Add(t.PortingStatusChanged("Li Wei", 12, "+441614960123", status, status == UcPortal.Data.Entities.PortingStatus.Rejected ? "账号与账单不符。" : null,
                new DateOnly(2026, 12, 14), "http://portal.test/pbx/porting/12"));
        }
        foreach (var email in emails)
        {
            NoEnglishLeft.AssertNone($"email {email.Template}", email.Subject + "\n" + email.Text);
            NoEnglishLeft.AssertNone($"email {email.Template} (HTML)", NoEnglishLeft.VisibleText(email.Html));
        }
        Assert.Contains("2026年12月3日", emails.Single(e => e.Template == "account-released" && e.Text.Contains("+44")).Text);
        Assert.Contains("2026年12月14日", emails.Single(e => e.Template == "porting-dateset").Subject);
    }
}
