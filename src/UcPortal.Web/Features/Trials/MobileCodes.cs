using System.Security.Cryptography;

namespace UcPortal.Web.Features.Trials;

/// <summary>One-time codes for the mobile: six digits from a cryptographic RNG, stored as a salted
/// PBKDF2 hash. Six digits are only safe because of the tries and the expiry (TrialOptions); the hash
/// keeps an open code out of backups and database reads.</summary>
public static class MobileCodes
{
    private const int Iterations = 10_000;

    public static string New() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(Derive(code, salt));
    }

    public static bool Matches(string code, string? stored)
    {
        var parts = stored?.Split(':');
        if (parts is not { Length: 2 })
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Derive(code, Convert.FromBase64String(parts[0])), Convert.FromBase64String(parts[1]));
    }

    /// <summary>What the prospect typed, reduced to its digits ("123 456" and "123-456" are fine).</summary>
    public static string? Normalize(string? input)
    {
        var digits = new string((input ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 6 ? digits : null;
    }

    private static byte[] Derive(string code, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(code, salt, Iterations, HashAlgorithmName.SHA256, 32);
}
