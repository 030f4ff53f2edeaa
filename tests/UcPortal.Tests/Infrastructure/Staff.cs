using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;

namespace UcPortal.Tests.Infrastructure;

public static class Staff
{
    public const string Password = "Staff-Passw0rd!";

    /// <summary>Creates a confirmed staff user with the given role and returns its email.</summary>
    public static async Task<string> CreateAsync(PortalFactory portal, string role)
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
        return email;
    }
}
