using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class StartTrialFormTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task StartTrial_WithBadInput_ShowsMessagesNextToFields() => RunAsync(async (page, shots) =>
    {
        var form = new StartTrialPage(page);
        await form.GotoAsync();

        await form.SubmitAsync();
        await Expect(form.ErrorSummary).ToBeVisibleAsync();
        await Expect(form.MessageNextTo(StartTrialPage.FullName)).ToHaveTextAsync("Enter your name.");
        await Expect(form.MessageNextTo(StartTrialPage.Company)).ToHaveTextAsync("Enter your company's name.");
        await Expect(form.MessageNextTo(StartTrialPage.Email)).ToHaveTextAsync("Enter your work email address.");
        await Expect(form.MessageNextTo(StartTrialPage.Password)).ToHaveTextAsync("Choose a password.");
        await Expect(form.MessageNextTo(StartTrialPage.Country)).ToHaveTextAsync("Choose your country.");
        await Expect(form.MessageNextTo(StartTrialPage.Mobile)).ToHaveTextAsync("Enter your mobile number.");
        await Expect(form.MessageNextTo(StartTrialPage.Area)).ToHaveTextAsync("Choose where you want your trial number.");
        await shots.TakeAsync("empty-form-refused");

        var prospect = TestData.NewProspect() with { Email = "x@mailinator.com" };
        await form.FillAsync(prospect);
        await form.SubmitAsync();
        await Expect(form.MessageNextTo(StartTrialPage.Email)).ToContainTextAsync("Disposable email addresses can't be used");
        // What the prospect typed is kept, except the password, which they enter again.
        await Expect(form.Field(StartTrialPage.Company)).ToHaveValueAsync(prospect.Company);
        await Expect(form.Field(StartTrialPage.Area)).ToHaveValueAsync(prospect.Area);
        await Expect(form.Field(StartTrialPage.Password)).ToHaveValueAsync("");
        await Expect(form.MessageNextTo(StartTrialPage.Mobile)).ToBeEmptyAsync();
        await shots.TakeAsync("disposable-email-refused");
    });

    [Fact]
    public Task StartTrial_WithAnInternetNumberAsMobile_IsRefusedNextToTheMobile() => RunAsync(async (page, shots) =>
    {
        var form = new StartTrialPage(page);
        await form.GotoAsync();
        // 056 numbers are VoIP in the UK: a code sent there proves nobody owns a SIM.
        var prospect = TestData.NewProspect() with { Country = "GB", Mobile = "056 1234 5678", Area = "GB|London" };
        await form.FillAsync(prospect);
        await form.SubmitAsync();

        await Expect(form.MessageNextTo(StartTrialPage.Mobile)).ToContainTextAsync("Internet (VoIP) numbers can't be used for a trial.");
        await Expect(form.MessageNextTo(StartTrialPage.Email)).ToBeEmptyAsync();
        await shots.TakeAsync("voip-mobile-refused");
    });
}
