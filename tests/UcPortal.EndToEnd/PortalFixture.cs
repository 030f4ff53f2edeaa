using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UcPortal.Data.Entities;

namespace UcPortal.EndToEnd;

/// <summary>One portal and one browser for the whole collection: starting them is most of an
/// end-to-end test's cost. Every test still gets its own browser context (cookies, storage).</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // The Voicemail page records a greeting: the microphone is granted without a prompt and fed by a fake device.
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    ];

    private IPlaywright? _playwright;

    public PortalFixture()
        : this(null)
    {
    }

    /// <summary>A portal with extra host settings (not a public constructor: xUnit needs exactly one).</summary>
    internal PortalFixture(IReadOnlyDictionary<string, string>? settings)
    {
        App = new PortalAppFactory(settings);
    }

    public PortalAppFactory App { get; }

    /// <summary>The address Kestrel really listens on, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await AddNewYorkTrialNumbersAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Every prospect of <see cref="TestData.NewProspect"/> asks for a New York number, and
    /// the sample inventory has 12 there: more tests than that would find the area gone from the form.
    /// The portal is given 200 more, as staff would import them, in other New York area codes'
    /// fictional 555-01xx blocks.</summary>
    private async Task AddNewYorkTrialNumbersAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UcPortal.Data.PortalDbContext>();
        foreach (var prefix in new[] { "+1646555", "+1917555" })
        {
            for (var i = 100; i < 200; i++)
            {
                db.PhoneNumbers.Add(new PhoneNumber
                {
                    E164 = $"{prefix}0{i}",
                    Country = "US",
                    Region = "New York",
                    City = "New York",
                    Type = NumberType.Local,
                    Pool = NumberPool.Trial,
                    Status = NumberStatus.Available,
                });
            }
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl,
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        Locale = "en-US",
    });

    /// <summary>Creates a staff member with the Admin role straight in the portal's database,
    /// as the <c>create-admin</c> command does on a server. Enrolled, it has two-factor on and its
    /// authenticator key is handed back (the test computes the codes); otherwise the first visit
    /// to the staff area asks for enrolment.</summary>
    public async Task<(string Email, string Password, string? AuthenticatorKey)> CreateStaffAdminAsync(bool enrolled = true)
    {
        var email = $"staff-{TestData.NewId()}@ucportal.test";
        const string password = "Staff-Desk-2048";
        await using var scope = App.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var role in new[] { StaffRoles.Support, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Succeeded(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = "Support Desk",
            CreatedAtUtc = DateTime.UtcNow,
        };
        Succeeded(await users.CreateAsync(user, password));
        Succeeded(await users.AddToRoleAsync(user, StaffRoles.Admin));
        if (!enrolled)
        {
            return (email, password, null);
        }
        Succeeded(await users.ResetAuthenticatorKeyAsync(user));
        Succeeded(await users.SetTwoFactorEnabledAsync(user, true));
        return (email, password, await users.GetAuthenticatorKeyAsync(user));
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal";
}
