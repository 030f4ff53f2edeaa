using UcPortal.Web.Features.Pbx;

namespace UcPortal.Tests.Pbx;

public sealed class SipCredentialFactoryTests
{
    [Fact]
    public void Ha1_IsMd5OfUserRealmPassword()
    {
        // md5("100:acme.sip.test:secret")
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("100:acme.sip.test:secret"u8)), SipCredentialFactory.Ha1("100", "acme.sip.test", "secret"));
        Assert.Equal(32, SipCredentialFactory.Ha1("100", "d", "p").Length);
    }

    [Fact]
    public void SipPasswords_AreLongAndDoNotRepeat()
    {
        var passwords = Enumerable.Range(0, 1000).Select(_ => SipCredentialFactory.NewPassword()).ToList();

        Assert.All(passwords, p => Assert.Equal(20, p.Length));
        Assert.Equal(1000, passwords.Distinct().Count());
        Assert.DoesNotContain(passwords, p => p.IndexOfAny(['0', 'O', '1', 'l', 'I']) >= 0);
    }
}
