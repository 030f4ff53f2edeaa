using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Account;

public static class AccountSetup
{
    public static void AddPortalIdentity(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<PortalIdentityErrorDescriber>();

        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ucportal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Plain http only on a developer's machine; everywhere else the cookie needs https.
            o.Cookie.SecurePolicy = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.SlidingExpiration = true;
            // Identity checks the cookie's security stamp against the database every
            // SecurityStampValidatorOptions.ValidationInterval (30 min). Its validator is resolved from
            // the request's services on every request first (SignInManager, UserManager and their
            // dependencies: ≈ 5 % of a signed-in /dashboard in the profile, decision 035) only to find
            // that the interval has not passed. The same test is made here first; the validator runs
            // exactly when it would do something.
            o.Events.OnValidatePrincipal = context =>
            {
                var stamp = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
                var now = (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow();
                return context.Properties.IssuedUtc is { } issued && now - issued <= stamp.ValidationInterval
                    ? Task.CompletedTask
                    : SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(2));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Staff, p => p.RequireAuthenticatedUser().AddRequirements(new StaffRequirement(AdminOnly: false)))
            .AddPolicy(AuthorizationPolicies.Admin, p => p.RequireAuthenticatedUser().AddRequirements(new StaffRequirement(AdminOnly: true)))
            .AddPolicy(AuthorizationPolicies.TenantMember, p => p.AddRequirements(new TenantRoleRequirement(ManagersOnly: false)))
            .AddPolicy(AuthorizationPolicies.TenantManager, p => p.AddRequirements(new TenantRoleRequirement(ManagersOnly: true)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddScoped<IAuthorizationHandler, TenantRoleHandler>();
        builder.Services.AddScoped<IAuthorizationHandler, StaffAccessHandler>();
        builder.Services.AddScoped<CurrentStaff>();
        builder.Services.AddScoped<StaffAudit>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, TenantAccessResultHandler>();
        builder.Services.AddScoped<CurrentTenant>();
        builder.Services.AddScoped<LogIn>();
        builder.Services.AddScoped<LogInWithSecondFactor>();
        builder.Services.AddScoped<SendPasswordReset>();
        builder.Services.AddScoped<ResetPassword>();
    }
}

public static class AuthorizationPolicies
{
    /// <summary>Support staff and admins (the staff area), signed in with their second factor.</summary>
    public const string Staff = "Staff";
    /// <summary>Admins only (plans, staff accounts, the jobs dashboard), signed in with their second factor.</summary>
    public const string Admin = "Admin";
    /// <summary>Any user of a tenant, members included (their own extension).</summary>
    public const string TenantMember = "TenantMember";
    /// <summary>A tenant's owners and admins (the PBX, people, billing).</summary>
    public const string TenantManager = "TenantManager";
}

/// <summary>Identity's messages, worded for our customers, in the reader's language (decision 036).</summary>
public sealed class PortalIdentityErrorDescriber(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    private IdentityError E(string code, string text, params object[] args) => new() { Code = code, Description = t[text, args] };

    public override IdentityError DuplicateEmail(string email) =>
        E(nameof(DuplicateEmail), "An account with this email already exists. Log in instead, or reset your password.");

    public override IdentityError DuplicateUserName(string userName) => DuplicateEmail(userName);

    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), "Use at least {0} characters.", length);

    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "Include at least one digit (0-9).");

    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "Include at least one capital letter (A-Z).");

    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "Include at least one lower-case letter (a-z).");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), "Use at least {0} different characters.", uniqueChars);

    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "This link is not valid any more. Ask for a new one.");

    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "That password is not right.");

    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "Enter a valid email address.");

    public override IdentityError DefaultError() => E(nameof(DefaultError), "Something went wrong. Please try again.");
}
