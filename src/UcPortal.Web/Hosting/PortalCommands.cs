using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using UcPortal.Web.Features.Billing;

namespace UcPortal.Web.Hosting;

/// <summary>Command-line verbs of the portal binary:
/// <c>migrate</c> applies migrations and seeds (production), <c>create-admin EMAIL [PASSWORD]</c>
/// creates or promotes a staff Admin (who sets up two-factor authentication at the first log-in),
/// <c>reset-two-factor EMAIL</c> turns off a staff member's second factor when no Admin can (the
/// last Admin lost their phone and recovery codes), <c>sync-plans</c> copies the paid plans to Stripe.</summary>
public static class PortalCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='));
        switch (verb)
        {
            case "migrate":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                    await DatabaseInitializer.MigrateAsync(db);
                    await DatabaseInitializer.SeedAsync(scope.ServiceProvider);
                }
                Console.WriteLine("Database migrated and seeded.");
                return true;
            case "create-admin":
                var rest = args.SkipWhile(a => a != "create-admin").Skip(1).ToArray();
                if (rest.Length < 1)
                {
                    Console.Error.WriteLine("usage: create-admin EMAIL [PASSWORD] (a strong password is generated when none is given)");
                    Environment.ExitCode = 2;
                    return true;
                }
                Environment.ExitCode = await CreateAdminAsync(app, rest[0], rest.Length > 1 ? rest[1] : null);
                return true;
            case "reset-two-factor":
                var who = args.SkipWhile(a => a != "reset-two-factor").Skip(1).FirstOrDefault();
                if (who is null)
                {
                    Console.Error.WriteLine("usage: reset-two-factor EMAIL");
                    Environment.ExitCode = 2;
                    return true;
                }
                Environment.ExitCode = await ResetTwoFactorAsync(app, who);
                return true;
            case "sync-plans":
                Environment.ExitCode = await SyncPlansAsync(app);
                return true;
            default:
                return false;
        }
    }

    private static async Task<int> ResetTwoFactorAsync(WebApplication app, string email)
    {
        await app.InitializePortalDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.TenantId is not null)
        {
            Console.Error.WriteLine($"{email} is not a staff account.");
            return 1;
        }
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await UcPortal.Web.Features.StaffAccount.TwoFactorEnrolment.ResetAsync(users, user);
        scope.ServiceProvider.GetRequiredService<StaffAudit>().Record(AuditActions.TwoFactorResetByAdmin, target: email,
            detail: "Reset from the command line; enrolment needed at the next log-in.", actor: "command-line");
        await scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>().CommitAsync(CancellationToken.None);
        Console.WriteLine($"Two-factor authentication of {email} is off; they set it up again at their next log-in.");
        return 0;
    }

    private static async Task<int> SyncPlansAsync(WebApplication app)
    {
        await app.InitializePortalDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SyncPlans>().RunAsync(CancellationToken.None);
        if (result.Synced)
        {
            Console.WriteLine(result.Message);
            return 0;
        }
        Console.Error.WriteLine(result.Message);
        // Test mode has nothing to sync: not an error, so scripts that always run it keep working.
        return scope.ServiceProvider.GetRequiredService<IPaymentProvider>().IsTestMode ? 0 : 1;
    }

    private static async Task<int> CreateAdminAsync(WebApplication app, string email, string? password)
    {
        await app.InitializePortalDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { StaffRoles.Support, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var user = await users.FindByEmailAsync(email);
        var generated = password is null;
        password ??= "Adm-" + RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16) + "7a";
        if (user is null)
        {
            user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                FullName = "Administrator",
                CreatedAtUtc = DateTime.UtcNow,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                Console.Error.WriteLine("Could not create the admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
                return 1;
            }
            Console.WriteLine($"Created staff admin {email}.");
            if (generated)
            {
                Console.WriteLine($"Password: {password}");
            }
        }
        else
        {
            if (user.TenantId is not null)
            {
                Console.Error.WriteLine($"{email} belongs to a customer tenant; staff accounts must be separate.");
                return 1;
            }
            if (!generated)
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                var reset = await users.ResetPasswordAsync(user, token, password);
                if (!reset.Succeeded)
                {
                    Console.Error.WriteLine(string.Join(" ", reset.Errors.Select(e => e.Description)));
                    return 1;
                }
            }
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
            Console.WriteLine($"{email} exists; made sure it has the Admin role.");
        }
        if (!await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            await users.AddToRoleAsync(user, StaffRoles.Admin);
        }
        return 0;
    }
}
