using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;

namespace UcPortal.Tests.Infrastructure;

public static class Staff
{
    public const string Password = "Staff-Passw0rd!";

    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a confirmed staff user with the given role and returns its email. Enrolled
    /// (the default), it has an authenticator key, kept here, so <see cref="PortalBrowser.LogInAsync"/>
    /// can answer the second-factor step with a code computed from it.</summary>
    public static async Task<string> CreateAsync(PortalFactory portal, string role, bool enrolled = true)
    {
        await using var scope = portal.Scope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@ucportal.test";
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = role + " Person", CreatedAtUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (enrolled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            Keys[email] = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return email;
    }

    /// <summary>The authenticator key of a staff user made by <see cref="CreateAsync"/>, or null.</summary>
    public static string? KeyOf(string email) => Keys.GetValueOrDefault(email);

    /// <summary>Remembers a key a test enrolled through the pages.</summary>
    public static void Remember(string email, string key) => Keys[email] = key.Replace(" ", "").ToUpperInvariant();

    /// <summary>The code an authenticator app shows now for this staff user.</summary>
    public static string CodeFor(string email) => Totp.Code(KeyOf(email) ?? throw new InvalidOperationException($"{email} has no authenticator key."));
}
