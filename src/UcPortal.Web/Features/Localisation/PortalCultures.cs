using System.Globalization;

namespace UcPortal.Web.Features.Localisation;

/// <summary>The languages the portal speaks: English (the default) and Simplified Chinese.</summary>
public static class PortalCultures
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    /// <summary>The cookie the language switch sets for a visitor (and for a signed-in user, next to the saved choice).</summary>
    public const string CookieName = "ucportal.culture";

    /// <summary>The claim in the sign-in cookie that carries the user's saved choice, so reading it costs no query.</summary>
    public const string ClaimType = "ucportal:culture";

    public static readonly string[] All = [English, Chinese];

    public static readonly CultureInfo[] Infos = All.Select(CultureInfo.GetCultureInfo).ToArray();

    /// <summary>The supported name for <paramref name="name"/> ("zh", "zh-Hans", "ZH-cn" → "zh-CN"), or null.</summary>
    public static string? Normalise(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        name = name.Trim();
        if (name.Equals(English, StringComparison.OrdinalIgnoreCase) || name.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
        {
            return English;
        }
        if (name.Equals("zh", StringComparison.OrdinalIgnoreCase) || name.Equals(Chinese, StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("zh-Hans", StringComparison.OrdinalIgnoreCase) || name.Equals("zh-SG", StringComparison.OrdinalIgnoreCase))
        {
            return Chinese;
        }
        return null;
    }

    /// <summary>The culture pages and emails for someone with this saved choice use (English when none).</summary>
    public static CultureInfo For(string? name) => CultureInfo.GetCultureInfo(Normalise(name) ?? English);

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name == Chinese;

    /// <summary>Runs the code inside with <paramref name="culture"/> as the current culture and UI culture
    /// (an email composed for its recipient), then puts the previous ones back.</summary>
    public static IDisposable Use(string? culture) => new Scope(For(culture));

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public Scope(CultureInfo culture)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
