using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Localisation;

/// <summary>English and Simplified Chinese (decision 036): one resource (<see cref="SharedResource"/>),
/// the culture of a request from the user's saved choice, then the language cookie, then Accept-Language.</summary>
public static class LocalisationSetup
{
    public static void AddPortalLocalisation(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // One spelling of a phrase per resource; "toll-free" also finds "Toll-free" (CaseTolerantLocalizer).
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory, CaseTolerantStringLocalizerFactory>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(PortalCultures.English);
            o.SupportedCultures = PortalCultures.Infos;
            o.SupportedUICultures = PortalCultures.Infos;
            // "zh-Hans-CN" or "zh" from a browser → zh-CN; "en-GB" → en.
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new UserCultureProvider(),
                new CookieRequestCultureProvider { CookieName = PortalCultures.CookieName },
                new PortalAcceptLanguageProvider(),
            ];
        });
        // Razor writes Chinese as it is, not as &#x4E2D; entities (bigger pages, and unreadable in the source).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddScoped<IUserClaimsPrincipalFactory<PortalUser>, PortalClaimsPrincipalFactory>();
        builder.Services.AddScoped<SaveCultureChoice>();
        // Model binding's own messages ("The value '' is invalid.") in the reader's language.
        builder.Services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, factory) =>
        {
            var t = factory.Create(typeof(SharedResource));
            var m = o.ModelBindingMessageProvider;
            m.SetValueMustNotBeNullAccessor(_ => t["Fill in this field."]);
            m.SetMissingBindRequiredValueAccessor(_ => t["Fill in this field."]);
            m.SetMissingKeyOrValueAccessor(() => t["Fill in this field."]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => t["Fill in this field."]);
            m.SetAttemptedValueIsInvalidAccessor((value, _) => t["'{0}' is not valid here.", value]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => t["'{0}' is not valid here.", value]);
            m.SetUnknownValueIsInvalidAccessor(_ => t["This value is not valid."]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["This value is not valid."]);
            m.SetValueIsInvalidAccessor(value => t["'{0}' is not valid here.", value]);
            m.SetValueMustBeANumberAccessor(_ => t["Enter a number."]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => t["Enter a number."]);
        });
    }

    /// <summary>Data-annotation messages ([Required(ErrorMessage = …)], [Display(Name = …)]) looked up in the one resource.</summary>
    public static IMvcBuilder AddPortalViewLocalisation(this IMvcBuilder mvc) => mvc
        .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
        .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

    /// <summary>Before the output cache (which keys anonymous pages by culture) and before authentication:
    /// <see cref="UserCultureProvider"/> reads the sign-in cookie itself.</summary>
    public static void UsePortalLocalisation(this WebApplication app) =>
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
}

/// <summary>First: the signed-in user's saved choice, a claim in the sign-in cookie (no query per request).</summary>
public sealed class UserCultureProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (!httpContext.Request.Cookies.ContainsKey("ucportal.auth"))
        {
            return null;
        }
        var result = await httpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var culture = PortalCultures.Normalise(result.Principal?.FindFirstValue(PortalCultures.ClaimType));
        return culture is null ? null : new ProviderCultureResult(culture);
    }
}

/// <summary>Accept-Language, with the Chinese spellings browsers send (zh, zh-Hans, zh-Hans-CN) taken as zh-CN.</summary>
public sealed class PortalAcceptLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        if (header is null || header.Count == 0)
        {
            return NullProviderCultureResult;
        }
        foreach (var value in header.OrderByDescending(h => h.Quality ?? 1))
        {
            if (PortalCultures.Normalise(value.Value.Value) is { } culture)
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture));
            }
        }
        return NullProviderCultureResult;
    }
}

/// <summary>Puts the user's saved language into the sign-in cookie.</summary>
public sealed class PortalClaimsPrincipalFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (PortalCultures.Normalise(user.Culture) is { } culture)
        {
            identity.AddClaim(new Claim(PortalCultures.ClaimType, culture));
        }
        return identity;
    }
}

/// <summary>Keeps a language choice: the cookie for everyone, the user's column (and sign-in cookie) for
/// a signed-in user; after log-in, a cookie choice made before is saved when the user has none.</summary>
public sealed class SaveCultureChoice(PortalDbContext db, SignInManager<PortalUser> signIn)
{
    public static void SetCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(PortalCultures.CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = response.HttpContext.Request.IsHttps });

    /// <summary>The language the visitor's cookie names, if any.</summary>
    public static string? FromCookie(HttpRequest request) =>
        request.Cookies.TryGetValue(PortalCultures.CookieName, out var value)
            ? PortalCultures.Normalise(CookieRequestCultureProvider.ParseCookieValue(value)?.UICultures.FirstOrDefault().Value)
            : null;

    /// <summary>The switch: the cookie, and for a signed-in user the saved choice (then the sign-in cookie is refreshed).</summary>
    public async Task ChooseAsync(HttpContext context, string culture, CancellationToken ct)
    {
        SetCookie(context.Response, culture);
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var id = signIn.UserManager.GetUserId(context.User);
        var user = id is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || user.Culture == culture)
        {
            return;
        }
        user.Culture = culture;
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(user);
    }

    /// <summary>After a successful log-in: a user with no saved choice takes the cookie's; one with a saved
    /// choice gets the cookie set to it (so the page after logging out stays in their language).</summary>
    public async Task AfterLogInAsync(HttpContext context, PortalUser user, CancellationToken ct)
    {
        var cookie = FromCookie(context.Request);
        if (PortalCultures.Normalise(user.Culture) is { } saved)
        {
            if (cookie != saved)
            {
                SetCookie(context.Response, saved);
            }
            return;
        }
        if (cookie is null)
        {
            return;
        }
        var tracked = await db.Users.SingleAsync(u => u.Id == user.Id, ct);
        tracked.Culture = cookie;
        user.Culture = cookie;
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(tracked);
    }
}

/// <summary>Dates in the reader's culture (money: <c>Billing.Money</c>, also per culture). Phone numbers
/// are not formatted here: they stay international (<c>PhoneDisplay</c>).</summary>
public static class PortalFormats
{
    /// <summary>"3 December 2026" / "2026年12月3日".</summary>
    public static string Day(DateTime utc) => utc.ToString(PortalCultures.IsChinese ? "yyyy年M月d日" : "d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>"3 Dec 2026 14:05" / "2026年12月3日 14:05".</summary>
    public static string DayAndTime(DateTime utc) => utc.ToString(PortalCultures.IsChinese ? "yyyy年M月d日 HH:mm" : "d MMM yyyy HH:mm", CultureInfo.CurrentCulture);
}
