using System.Net;
using System.Text.RegularExpressions;

namespace UcPortal.Tests.Infrastructure;

/// <summary>An HTTP client that behaves like a browser on our forms: keeps cookies, reads the
/// antiforgery token from the page and sends it back with the post.</summary>
public sealed partial class PortalBrowser(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(url);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/>, then posts the fields with its antiforgery token to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetPageAsync(formPage);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"{formPage} has no antiforgery token");
        var form = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> PostWithTokenAsync(string tokenPage, string action, IEnumerable<KeyValuePair<string, string>>? fields = null) =>
        await SubmitAsync(tokenPage, action, fields ?? []);

    /// <summary>Logs in; for an account with two-factor authentication (staff made by <see cref="Staff"/>)
    /// also answers the second step with the code its authenticator would show now.</summary>
    public async Task<HttpResponseMessage> LogInAsync(string email, string password)
    {
        var response = await SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = response.Headers.Location!.OriginalString;
        if (next.StartsWith("/account/login/code", StringComparison.Ordinal))
        {
            response = await SubmitAsync(next, "/account/login/code", [new("Code", Staff.CodeFor(email))]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        return response;
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
