using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace UcPortal.Web.Features.Account;

/// <summary>Identity's tokens (email confirmation, password reset) travel in links as base64url "codes".</summary>
public static class LinkCodes
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token, or null when the code is missing or not base64url.</summary>
    public static string? Decode(string? code)
    {
        try
        {
            return string.IsNullOrEmpty(code) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
