using UcPortal.Web.Features.Trials;

namespace UcPortal.Tests.Trials;

public sealed class TrialRuleTests
{
    private readonly EmailDomainRules _rules = new();

    [Theory]
    [InlineData("J.Doe+trial@Gmail.com", "jdoe@gmail.com")]
    [InlineData("jdoe@googlemail.com", "jdoe@gmail.com")]
    [InlineData("ops+x@Acme.example", "ops@acme.example")]
    [InlineData("first.last@acme.example", "first.last@acme.example")]
    public void Canonical_IdentifiesOnePerson(string address, string canonical) =>
        Assert.Equal(canonical, EmailDomainRules.Canonical(address));

    [Theory]
    [InlineData("mailinator.com", true)]
    [InlineData("sub.mailinator.com", true)]
    [InlineData("acme.com", false)]
    [InlineData("gmail.com", false)]
    public void Disposable_IncludesSubdomains(string domain, bool disposable) =>
        Assert.Equal(disposable, _rules.IsDisposable(domain));

    [Theory]
    [InlineData("gmail.com", true)]
    [InlineData("outlook.com", true)]
    [InlineData("acme.com", false)]
    public void FreeMail_IsRecognised(string domain, bool free) => Assert.Equal(free, _rules.IsFreeMail(domain));

    [Theory]
    [InlineData("a@b.co", true)]
    [InlineData("name@company.com", true)]
    [InlineData("name@company", false)]
    [InlineData("name@@company.com", false)]
    [InlineData("name company@x.com", false)]
    [InlineData("@company.com", false)]
    [InlineData("name@.company.com", false)]
    public void EmailSyntax(string address, bool valid) => Assert.Equal(valid, EmailDomainRules.TryParse(address, out _));

    [Theory]
    [InlineData("Acme Ltd.", "acme-ltd")]
    [InlineData("Müller & Söhne GmbH", "muller-sohne-gmbh")]
    [InlineData("   ", "tenant")]
    [InlineData("A very long company name that goes on", "a-very-long-company")]
    public void SipDomainSlug_IsDnsSafe(string company, string slug) => Assert.Equal(slug, SipDomainNames.Slug(company));

    [Fact]
    public void SipDomains_AreUniqueAndUnderTheBaseDomain()
    {
        var domains = Enumerable.Range(0, 200).Select(_ => SipDomainNames.NewDomain("Acme", "sip.example.net")).ToList();

        Assert.All(domains, d => Assert.Matches(@"^acme-[a-z2-9]{4}\.sip\.example\.net$", d));
        Assert.True(domains.Distinct().Count() > 195);
    }

    [Theory]
    [InlineData("07701 900123", "GB", "+447701900123")]
    // libphonenumber cannot tell a NANP mobile from a landline (FIXED_LINE_OR_MOBILE): accepted as a mobile.
    [InlineData("+1 650 253 0000", "US", "+16502530000")]
    [InlineData("0151 1234 5678", "DE", "+4915112345678")]
    public void Mobile_IsNormalisedToE164(string input, string country, string expected)
    {
        var e164 = StartTrial.NormalizeMobile(input, country, out var error);

        Assert.Null(error);
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("020 7946 0000", "GB", "Enter a mobile number")]
    [InlineData("+1 800 253 0000", "US", "Premium-rate, shared-cost and service numbers")]
    [InlineData("0151 1234", "DE", "not a valid mobile number in")]
    [InlineData("not a number", "GB", "Enter your mobile number, e.g.")]
    public void NotAMobile_IsRefusedWithAReason(string input, string country, string reason)
    {
        var e164 = StartTrial.NormalizeMobile(input, country, out var error);

        Assert.Null(e164);
        Assert.Contains(reason, error);
    }
}
