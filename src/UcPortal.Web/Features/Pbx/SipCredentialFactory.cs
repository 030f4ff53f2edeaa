using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace UcPortal.Web.Features.Pbx;

/// <summary>Makes SIP passwords and keeps them: encrypted with Data Protection (so the owner can
/// reveal them) and as the HA1 digest the SIP core checks, md5(username:domain:password).</summary>
public sealed class SipCredentialFactory(IDataProtectionProvider protection)
{
    public const int PasswordLength = 20;

    // No look-alike characters (0/O, 1/l/I): people type these into desk phones.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly IDataProtector _protector = protection.CreateProtector("UcPortal.SipPassword.v1");

    public static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, PasswordLength);

    public string Protect(string password) => _protector.Protect(password);

    public string Unprotect(string protectedPassword) => _protector.Unprotect(protectedPassword);

    public static string Ha1(string username, string domain, string password) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{domain}:{password}")));
}
